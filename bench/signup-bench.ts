import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

/**
 * Signup throughput over a loopback server, one core: the server runs in a process of its
 * own (bench/signup-server.ts), and this process drives it with keep-alive connections.
 * The same run drives a bare Hono route on the same server, the ceiling, and reports the
 * ratio. Each signup is a new address: form parsed, validated, stored (in memory), the
 * confirmation email rendered and built into MIME, handed to the mailer, the page rendered.
 */
const CONNECTIONS = 32;
const SECONDS = 5;

async function drive(
  url: string,
  make: (i: number) => { method: 'GET' | 'POST'; body?: string; headers?: Record<string, string> },
): Promise<{ perSecond: number; statuses: Map<number, number>; p50: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let n = 0;
  const until = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const i = n++;
      const started = performance.now();
      const status = await send(agent, url, make(i));
      latencies.push(performance.now() - started);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: latencies.length / elapsed, statuses, p50: at(0.5), p99: at(0.99) };
}

/** One request on a keep-alive connection; resolves to the status once the body is read. */
function send(
  agent: Agent,
  url: string,
  options: { method: string; body?: string; headers?: Record<string, string> },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: options.method, headers: options.headers }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

function startServer(): Promise<{ child: ChildProcess; braid: number; plain: number }> {
  const child = fork(join(import.meta.dirname, 'signup-server.ts'), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (ports) =>
      resolve({ child, ...(ports as { braid: number; plain: number }) }),
    );
  });
}

function handed(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (answer) => resolve((answer as { handed: number }).handed));
    child.send('handed');
  });
}

type State = 'new' | 'pending' | 'confirmed' | 'unsubscribed';
const STATES: State[] = ['new', 'pending', 'confirmed', 'unsubscribed'];

/**
 * The answer's time by the address's state, one request at a time, the states interleaved:
 * what someone probing for subscribed addresses would see.
 */
async function timingByState(port: number, perState: number): Promise<Map<State, number[]>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times = new Map<State, number[]>(STATES.map((s) => [s, []]));
  for (let i = 0; i < perState; i++) {
    for (const state of STATES) {
      const email = state === 'new' ? `fresh-${i}@example.org` : `${state}-${i}@example.org`;
      const started = performance.now();
      await send(agent, `http://127.0.0.1:${port}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `email=${encodeURIComponent(email)}&consent=yes&website=`,
      });
      times.get(state)?.push(performance.now() - started);
    }
  }
  agent.destroy();
  return times;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const statusText = (statuses: Map<number, number>) =>
  [...statuses].map(([status, count]) => `${count}× ${status}`).join(', ');

export async function signupBench(): Promise<string[][]> {
  const server = await startServer();
  try {
    const ceiling = await drive(`http://127.0.0.1:${server.plain}/`, () => ({ method: 'GET' }));
    const signup = await drive(`http://127.0.0.1:${server.braid}/subscribe`, (i) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=bench-${i}%40example.org&name=Reader+${i}&consent=yes&website=`,
    }));
    const emails = await handed(server.child);
    const byState = await timingByState(server.braid, 300);
    const timing = STATES.map((state) => {
      const times = byState.get(state) ?? [];
      return `${state} ${quantile(times, 0.5).toFixed(2)}/${quantile(times, 0.9).toFixed(2)}`;
    });
    return [
      [
        'Hono plain 200 route, one core (ceiling)',
        `${Math.round(ceiling.perSecond).toLocaleString('en')} req/s (p50 ${ceiling.p50.toFixed(1)} ms, p99 ${ceiling.p99.toFixed(1)} ms)`,
      ],
      [
        'POST /subscribe → confirmation MIME handed to the mailer, one core',
        `${Math.round(signup.perSecond).toLocaleString('en')} req/s (p50 ${signup.p50.toFixed(1)} ms, p99 ${signup.p99.toFixed(1)} ms)`,
      ],
      ['signup ÷ ceiling', `${((signup.perSecond / ceiling.perSecond) * 100).toFixed(1)} %`],
      [
        'signup answers / confirmation emails built',
        `${statusText(signup.statuses)} / ${emails.toLocaleString('en')}`,
      ],
      ["answer time by the address's state, p50/p90 ms, one at a time", timing.join(', ')],
    ];
  } finally {
    server.child.kill();
  }
}
