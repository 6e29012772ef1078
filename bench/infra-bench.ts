import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Issue 14's figures: each Lambda bundled as the stack bundles it (esbuild, ESM, minified,
 * the AWS SDK left to the runtime) and its cold import time: a fresh Node process importing
 * the bundle, which builds config, adapters and SDK clients as a cold start does (the api
 * also reads its templates). Local mode, so nothing reaches AWS. Numbers, not assertions.
 */
const root = join(import.meta.dirname, '..');
const HANDLERS = ['deliver', 'api', 'feedback', 'compose'] as const;
const RUNS = 7;

/** The environment a cold start sees, minus AWS: local mode, a throwaway keyring. */
function coldEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BRAID_MODE: 'local',
    BRAID_DATA_DIR: dataDir,
    BRAID_TEMPLATES_DIR: join(root, 'templates'),
    BRAID_CONTENT_DIR: join(root, 'content'),
    BRAID_TOKEN_KEYS: JSON.stringify({ current: 'k1', k1: 'x'.repeat(48) }),
    BRAID_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/bench',
    AWS_REGION: 'eu-west-2',
  };
}

async function bundle(name: string, outdir: string): Promise<string> {
  const outfile = join(outdir, `${name}.mjs`);
  await build({
    entryPoints: [join(root, 'lambda', 'handlers', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    external: ['@aws-sdk/*', 'typescript'],
    banner: {
      js: "import { createRequire as __braidCreateRequire } from 'node:module'; const require = __braidCreateRequire(import.meta.url);",
    },
    // Written inside the repository so the bundle resolves @aws-sdk/* from node_modules.
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Milliseconds for a fresh `node` to import the bundle; the median of RUNS. */
function coldImportMs(file: string, env: NodeJS.ProcessEnv): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: RUNS }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString(),
    ),
  ).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? Number.NaN;
}

export async function infraBench(): Promise<string[][]> {
  const outdir = mkdtempSync(join(root, 'node_modules', '.braid-infra-bench-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'braid-infra-bench-'));
  try {
    const rows: string[][] = [];
    for (const name of HANDLERS) {
      const file = await bundle(name, outdir);
      const kb = statSync(file).size / 1024;
      const ms = coldImportMs(file, coldEnv(dataDir));
      rows.push([
        `${name}: bundle (minified) / cold import, median of ${RUNS}`,
        `${kb.toFixed(0)} KB / ${ms.toFixed(0)} ms`,
      ]);
    }
    return rows;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}
