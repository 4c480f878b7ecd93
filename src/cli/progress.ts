/**
 * A one-line progress bar on stderr, redrawn at most five times a second; nothing when stderr is not
 * a terminal (a log or a pipe gets the summary alone).
 */
export function progressBar(label: string, unit: string) {
  const started = Date.now();
  let lastDrawn = 0;
  const tty = process.stderr.isTTY === true;
  return {
    update(done: number, total: number): void {
      if (!tty || (Date.now() - lastDrawn < 200 && done < total)) return;
      lastDrawn = Date.now();
      const share = total === 0 ? 1 : done / total;
      const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
      const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
      process.stderr.write(`\r${label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total} ${unit} ${Math.round(rate)}/s\x1b[K`);
    },
    finish(): void {
      if (tty && lastDrawn > 0) process.stderr.write('\n');
    },
  };
}
