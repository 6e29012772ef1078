import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: esbuild's input directory and where package-lock.json lives. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const lockFile = fileURLToPath(new URL('../package-lock.json', import.meta.url));

/** Absolute path of a file under the repository root. */
export function fromRoot(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/**
 * ESM output still contains CommonJS dependencies (mjml, handlebars, juice…)
 * that call `require`, which does not exist in an ES module. esbuild's shim
 * looks for a global `require`, so the banner provides one. The import is
 * aliased because a bundled module may itself import `createRequire`, and two
 * top-level bindings of the same name are a SyntaxError.
 */
const requireBanner =
  "import { createRequire as __braidCreateRequire } from 'node:module'; " +
  'const require = __braidCreateRequire(import.meta.url);';

/** A folder of the repository a handler reads from disk at run time. */
export type DataFolder = 'content' | 'templates';

export interface LambdaBundlingOptions {
  /**
   * Folders copied next to index.mjs, for a handler that reads them from disk: compose
   * reads stories and templates, the HTTP API templates and pages. The sending and
   * feedback functions read neither.
   * @default none
   */
  dataFolders?: readonly DataFolder[];
}

/**
 * How every Braid Lambda is bundled: the local esbuild (there is no Docker),
 * one ESM file with source maps, and, where asked, the data folders the code reads at run time.
 */
export function lambdaBundling(options: LambdaBundlingOptions = {}): BundlingOptions {
  const dataFolders = options.dataFolders ?? [];
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: 'node22',
    banner: requireBanner,
    // Minified: a third smaller, so less to load and parse at every cold start; the source
    // map (applied with --enable-source-maps) keeps stack traces readable.
    minify: true,
    sourceMap: true,
    // Line mapping is what stack traces need; embedding every source would
    // roughly double the map of a ~6 MB bundle for no benefit at run time.
    sourcesContent: false,
    externalModules: [
      // Provided by the Lambda Node.js runtime (this is also CDK's default,
      // restated because setting externalModules replaces the default).
      '@aws-sdk/*',
      // mjml → htmlnano → cosmiconfig `require`s TypeScript only to read a
      // `htmlnano.config.ts`, which never exists in the bundle. Bundling it would
      // add 9 MB (60 % of the file) of dead weight to every cold start.
      'typescript',
    ],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      // Handlers read these from disk (BRAID_CONTENT_DIR / BRAID_TEMPLATES_DIR =
      // /var/task/…); esbuild only follows imports, so the folders are copied next to index.mjs.
      afterBundling: (inputDir, outputDir) =>
        dataFolders.map((folder) => `cp -r "${inputDir}/${folder}" "${outputDir}"`),
    },
  };
}
