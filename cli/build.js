// The `braid` command built once into plain JavaScript, so that it starts in milliseconds
// instead of transpiling TypeScript at every run. Built by `npm install` (the `prepare`
// script) and again by the first run after a source file changed; never committed.
//
// Layout, under node_modules/.cache/braid/ (node_modules is never committed, and Node finds
// the project's packages from there by walking up):
//   build-<hash>/index.js + chunks   one build: each command is its own chunk, loaded on use
//   current.json                     which build is current, and the files it was built from
//                                    (size and modification time of each, as esbuild read it),
//                                    the lockfiles and tsconfig.json among them
// A build goes to a new folder and current.json is replaced in one rename, so two commands
// building at once never read a half-written build.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

const root = dirname(import.meta.dirname);
const cacheDir = join(root, 'node_modules', '.cache', 'braid');
const pointer = join(cacheDir, 'current.json');

/**
 * Packages left to Node at run time; every other one is bundled into the build, where one
 * file loads far faster than hundreds (the AWS SDK, date-fns). These read files beside their
 * own code, load native code, or are loaded only by the commands that need them.
 */
const EXTERNAL = new Set([
  'dynalite',
  'level',
  'classic-level',
  'aws-ses-v2-local',
  'mjml',
  'playwright-core',
  '@jsx-email/doiuse-email',
  'tsx',
  'esbuild',
]);

// Bundled CommonJS packages require Node's modules; an ES module has no `require` of its own.
const BANNER =
  "import { createRequire as __braidRequire } from 'node:module'; const require = __braidRequire(import.meta.url);";

/** How a file looks now: a build is current while every input still looks the same. */
function look(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined ? '-' : `${stat.size}:${stat.mtimeMs}`;
}

/** The current build's entry file, or undefined when there is none or a source changed since. */
export function currentBuild() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(pointer, 'utf8'));
  } catch {
    return undefined;
  }
  const inputs = Object.entries(manifest.inputs ?? {});
  if (inputs.length === 0) return undefined;
  for (const [file, seen] of inputs) if (look(join(root, file)) !== seen) return undefined;
  const entry = join(cacheDir, manifest.dir, 'index.js');
  if (!existsSync(entry)) return undefined;
  // Marked as used: a build is removed only once nothing has run it for a day.
  const now = new Date();
  utimesSync(join(cacheDir, manifest.dir), now, now);
  return entry;
}

/**
 * Files a build depends on besides the sources esbuild reads: the installed packages (bundled
 * into it) and the compiler settings. An `npm install` that upgrades a package rebuilds.
 */
const DEPENDENCY_FILES = [
  'package.json',
  'package-lock.json',
  join('node_modules', '.package-lock.json'),
  'tsconfig.json',
];

/** Records how each project source looked when esbuild read it (so a save during a build shows). */
function recordInputs(inputs) {
  return {
    name: 'braid-inputs',
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        const file = relative(root, args.path);
        if (!file.startsWith('node_modules') && !file.startsWith('..'))
          inputs[file] = look(args.path);
        return undefined;
      });
    },
  };
}

/** Leaves the packages of EXTERNAL to Node. */
const externals = {
  name: 'braid-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@')
        ? args.path.split('/').slice(0, 2).join('/')
        : args.path.split('/')[0];
      const external = EXTERNAL.has(name) || name.startsWith('mjml-') || name.startsWith('node:');
      return external ? { path: args.path, external: true } : undefined;
    });
  },
};

/** Removes builds other than `keep` that no command has run for a day (a running one may use one). */
function removeOldBuilds(keep) {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(cacheDir)) {
    if (name === keep || !name.startsWith('build-')) continue;
    const path = join(cacheDir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat !== undefined && stat.mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}

/** Builds the CLI; resolves to the new entry file. Needs esbuild (a dev dependency). */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const dir = `build-${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(cacheDir, dir);
  await mkdir(outdir, { recursive: true });
  const inputs = {};
  for (const file of DEPENDENCY_FILES) inputs[file] = look(join(root, file));
  await esbuild
    .build({
      entryPoints: { index: join(root, 'cli', 'index.ts') },
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir,
      sourcemap: 'linked',
      banner: { js: BANNER },
      logLevel: 'silent',
      plugins: [externals, recordInputs(inputs)],
    })
    .catch((error) => {
      rmSync(outdir, { recursive: true, force: true });
      throw error;
    });
  inputs[relative(root, import.meta.filename)] = look(import.meta.filename);
  const draft = `${pointer}.${process.pid}.tmp`;
  await writeFile(draft, `${JSON.stringify({ dir, inputs }, null, 1)}\n`);
  await rename(draft, pointer);
  removeOldBuilds(dir);
  return join(outdir, 'index.js');
}

// `node cli/build.js` (the prepare script): build now, so that the first command is fast.
// A failure only warns: the first run builds again, or falls back to tsx.
if (process.argv[1] === import.meta.filename) {
  try {
    // Always: `npm install` may have changed a package the build bundles.
    await buildCli();
  } catch (error) {
    console.warn(`braid: could not build the CLI now (${error.message}); the first run will.`);
  }
}
