import type { Logger } from '../delivery/ports.ts';

type Sink = (line: string) => void;

/** One JSON line per event (CloudWatch Logs Insights can query it); quiet sinks in the CLI. */
export function createJsonLogger(sink: Sink = (line) => process.stderr.write(`${line}\n`)): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) =>
    sink(JSON.stringify({ level, time: new Date().toISOString(), message, ...fields }));
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}
