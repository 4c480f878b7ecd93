import type { Metric, Registry } from 'prom-client';

type Series = { labels: Record<string, string>; count: number; sum: number; /** Per bucket, not cumulative. */ inBucket: number[] };
type Sample = { metricName?: string; labels: Record<string, string | number>; value: number };

/**
 * Requests by method, route pattern and status: `http_requests_total` and the histogram
 * `http_request_duration_seconds`. The hot path only adds to plain numbers of one series found by a
 * string key; prom-client formats them when scraped. (prom-client's own Counter and Histogram hash
 * the label object on every call, which the feed benchmark measured at several percent of a cached read.)
 */
export class RequestMetrics {
  private readonly series = new Map<string, Series>();

  constructor(private readonly buckets: readonly number[]) {}

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = { labels: { method, route, status: String(status) }, count: 0, sum: 0, inBucket: this.buckets.map(() => 0) };
      this.series.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    const { buckets } = this;
    for (let index = 0; index < buckets.length; index++) {
      if (seconds <= buckets[index]!) {
        series.inBucket[index]!++;
        break;
      }
    }
  }

  register(registry: Registry): void {
    const all = () => [...this.series.values()];
    const collector = (name: string, help: string, type: 'counter' | 'histogram', values: () => Sample[]) => {
      const get = () => ({ name, help, type, values: values(), aggregator: 'sum' });
      registry.registerMetric({ name, help, type, get, reset: () => this.series.clear() } as unknown as Metric);
    };
    collector('http_requests_total', 'HTTP requests answered, by method, route pattern and status.', 'counter', () =>
      all().map(({ labels, count }) => ({ labels, value: count })),
    );
    const name = 'http_request_duration_seconds';
    collector(
      name,
      'Time from the request reaching the app to the last byte of its response, by method, route pattern and status.',
      'histogram',
      () =>
        all().flatMap(({ labels, count, sum, inBucket }) => {
          let cumulative = 0;
          const buckets = this.buckets.map((le, index) => ({ metricName: `${name}_bucket`, labels: { le, ...labels }, value: (cumulative += inBucket[index]!) }));
          return [
            ...buckets,
            { metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: count },
            { metricName: `${name}_sum`, labels, value: sum },
            { metricName: `${name}_count`, labels, value: count },
          ];
        }),
    );
  }
}
