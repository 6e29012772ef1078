import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { formatReport, HOSTILE, runSoak } from '../test/soak/harness.ts';

/**
 * `npm run soak -- --seconds N [--seed S] [--workers W] [--recipients R] [--hostile] [--keep]`:
 * the delivery soak (test/soak/harness.ts) for about N seconds; `--hostile` turns the faults,
 * duplicates and kills up (HOSTILE). Exits 1 when it finds a duplicate or a silent loss, or
 * when the soak itself fails (receive cap, no end, a proxy that could not forward).
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    recipients: { type: 'string' },
    hostile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const number = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} expects a positive number, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
};

const seed = values.seed ?? randomBytes(4).toString('hex');
const seconds = number('seconds', values.seconds) ?? 60;
const workers = number('workers', values.workers);
const recipients = number('recipients', values.recipients);
const report = await runSoak({
  ...(values.hostile ? HOSTILE : {}),
  seed,
  seconds,
  ...(workers === undefined ? {} : { workers }),
  ...(recipients === undefined ? {} : { recipients: Math.round(recipients) }),
  keepDir: values.keep,
  progress: (line) => console.error(line),
});
for (const line of formatReport(report)) console.log(line);
const bad =
  report.failure !== undefined ||
  report.proxyErrors.length > 0 ||
  report.verdict.duplicates.length > 0 ||
  report.verdict.losses.length > 0;
process.exit(bad ? 1 : 0);
