/** A small harness: warm up, then time a function for at least `minMs`, report per-op figures. */
export interface Measurement {
  name: string;
  ops: number;
  meanMs: number;
  opsPerSecond: number;
}

export async function measure(
  name: string,
  run: () => unknown,
  options: { warmup?: number; minMs?: number; minOps?: number } = {},
): Promise<Measurement> {
  const { warmup = 3, minMs = 1000, minOps = 5 } = options;
  for (let i = 0; i < warmup; i += 1) await run();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs || ops < minOps) {
    await run();
    ops += 1;
    elapsed = performance.now() - start;
  }
  return { name, ops, meanMs: elapsed / ops, opsPerSecond: (ops / elapsed) * 1000 };
}

/** Peak resident memory seen so far, sampled every few milliseconds. */
export function trackPeakRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  if (header === undefined) return;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
}
