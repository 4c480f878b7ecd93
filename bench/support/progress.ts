/** A one-line progress bar with rate and ETA on stderr (a plain line every 10 % when not a terminal). */
export function progressBar(label: string, total: number, unit: string) {
  const started = Date.now();
  let lastDrawn = 0;
  let lastTenth = -1;
  const tty = process.stderr.isTTY;
  const draw = (done: number, extra: string) => {
    const elapsed = (Date.now() - started) / 1000;
    const share = total === 0 ? 1 : done / total;
    const rate = done / Math.max(elapsed, 0.001);
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const text = `${label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit} ${extra} ETA ${duration(eta)}`;
    if (tty) process.stderr.write(`\r${text}\x1b[K`);
    else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      process.stderr.write(`${text}\n`);
    }
  };
  return {
    update(done: number, extra = ''): void {
      if (Date.now() - lastDrawn < 200 && done < total) return;
      lastDrawn = Date.now();
      draw(done, extra);
    },
    finish(): void {
      if (tty) process.stderr.write('\n');
    },
  };
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  return whole >= 60 ? `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}
