import type { WebhookConfig } from '../config/config';

/**
 * The wait before the next attempt after `failures` failed ones: the base doubled per failure, capped,
 * then spread ±25 % so that a receiver coming back is not hit by every queued delivery at once.
 */
export function retryDelayMs(failures: number, { retryBaseMs, retryMaxDelayMs }: Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxDelayMs'>, random = Math.random): number {
  const exponential = Math.min(retryBaseMs * 2 ** Math.min(failures - 1, 40), retryMaxDelayMs);
  return Math.round(exponential * (0.75 + random() * 0.5));
}

/** The shortest time a delivery is retried before it is dead-lettered (every jitter at its lowest). */
export function shortestRetrySpanMs(config: Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxDelayMs' | 'maxAttempts'>): number {
  let total = 0;
  for (let failures = 1; failures < config.maxAttempts; failures++) total += retryDelayMs(failures, config, () => 0);
  return total;
}
