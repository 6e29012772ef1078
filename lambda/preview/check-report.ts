import type { Config } from '../config.ts';
import { renderMjml } from '../email/render-edition.ts';
import {
  imagesWithoutAlt,
  isAllowed,
  linkProblems,
  mjmlErrors,
  readAllowList,
  SpamAssassinMissingError,
  sizeCheck,
  smallFontSizes,
  spamAssassin,
  tablesWithoutPresentationRole,
  unsupportedFeatures,
} from './checks.ts';
import type { RenderState, TemplateState } from './studio.ts';

/** One line of the checks panel. */
export interface CheckResult {
  name: string;
  status: 'pass' | 'warn' | 'fail';
  summary: string;
  details: string[];
}

export interface CheckReport {
  checks: CheckResult[];
  ms: number;
}

export interface CheckInput {
  render: RenderState;
  templates: TemplateState;
  /** The briefings' content warnings (one outlet only, boilerplate, language, encoding). */
  warnings: string[];
  allowListPath: string;
  config: Config;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function mjmlCheck(input: CheckInput): Promise<CheckResult> {
  const name = 'MJML validation (strict)';
  const { templates, render } = input;
  if (templates.problems.length > 0) {
    return {
      name,
      status: 'fail',
      summary: `the templates as saved do not compile; showing the last good render`,
      details: templates.problems.map(
        (p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`,
      ),
    };
  }
  const sample = render.sample;
  if (templates.sources === undefined || sample === undefined) {
    return { name, status: 'warn', summary: 'nothing to validate', details: [] };
  }
  const source = renderMjml(
    {
      id: sample.edition.id,
      date: sample.edition.date,
      briefings: render.briefings,
      settings: sample.edition.settings,
    },
    templates.sources,
  );
  const errors = await mjmlErrors(source, 'strict');
  return {
    name,
    status: errors.length === 0 ? 'pass' : 'fail',
    summary: errors.length === 0 ? '0 errors' : `${errors.length} error(s)`,
    details: errors.map((e) => `line ${e.line} <${e.tagName}>: ${e.message}`),
  };
}

function sizeResult(html: string): CheckResult {
  const { bytes, budget, clip } = sizeCheck(html);
  const status = bytes > clip ? 'fail' : bytes > budget ? 'warn' : 'pass';
  return {
    name: 'HTML size',
    status,
    summary: `${kb(bytes)} of the ${kb(budget)} budget (Gmail clips at ~${kb(clip)})`,
    details:
      status === 'pass'
        ? []
        : ['Send fewer or shorter stories: over the budget the send is refused.'],
  };
}

async function clientSupport(html: string, allowListPath: string): Promise<CheckResult> {
  const allow = await readAllowList(allowListPath);
  const found = unsupportedFeatures(html);
  const unexpected = found.filter(([f, c]) => !isAllowed(allow, f, c));
  const accepted = found.length - unexpected.length;
  return {
    name: 'Client support (doiuse-email: Gmail, Apple Mail, Outlook, Yahoo)',
    status: unexpected.length === 0 ? 'pass' : 'fail',
    summary:
      unexpected.length === 0
        ? `nothing unsupported outside the allow-list (${accepted} accepted on purpose)`
        : `${unexpected.length} unsupported feature(s) outside test/email-allowlist.json`,
    details: unexpected.map(([f, c]) => `${f} @ ${c}`),
  };
}

async function spamCheck(eml: Buffer | undefined): Promise<CheckResult> {
  const name = 'SpamAssassin';
  if (eml === undefined) return { name, status: 'warn', summary: 'nothing to score', details: [] };
  try {
    const verdict = await spamAssassin(eml);
    const heavy = verdict.rules.filter((r) => r.points > 0.5);
    const status =
      verdict.score >= 5 ? 'fail' : verdict.score >= 1 || heavy.length > 0 ? 'warn' : 'pass';
    return {
      name,
      status,
      summary: `score ${verdict.score.toFixed(1)} (the gate: below 1.0, no rule above 0.5)`,
      details: verdict.rules.filter((r) => r.points !== 0).map((r) => `${r.points} ${r.name}`),
    };
  } catch (error) {
    if (error instanceof SpamAssassinMissingError) {
      return {
        name,
        status: 'warn',
        summary:
          'spamassassin is not installed: run scripts/ensure-system-deps.sh (or sudo apt-get install spamassassin)',
        details: [],
      };
    }
    return { name, status: 'warn', summary: (error as Error).message, details: [] };
  }
}

function linkCheck(html: string, publicUrl: string): CheckResult {
  const problems = linkProblems(html);
  const local = problems.filter((p) => p.href.startsWith(publicUrl));
  const others = problems.filter((p) => !p.href.startsWith(publicUrl));
  const broken = others.some((p) => p.problem === 'broken');
  // A link the email repeats (a header and a footer) is one link: counted once.
  const distinct = (list: typeof problems) => new Set(list.map((p) => p.href)).size;
  return {
    name: 'Links',
    status: broken ? 'fail' : others.length > 0 ? 'warn' : 'pass',
    summary:
      problems.length === 0
        ? 'every link is https and points somewhere real'
        : `${distinct(others)} content link(s) with a problem${local.length > 0 ? `; ${distinct(local)} footer link(s) under BRAID_PUBLIC_URL (${publicUrl}), which is local here and the public https address in AWS` : ''}`,
    details: [...new Set(problems.map((p) => `${p.problem}: ${p.href} (${p.detail})`))],
  };
}

function structureCheck(html: string): CheckResult[] {
  const noAlt = imagesWithoutAlt(html);
  const tables = tablesWithoutPresentationRole(html);
  const fonts = smallFontSizes(html);
  return [
    {
      name: 'Images without alt',
      status: noAlt.length === 0 ? 'pass' : 'fail',
      summary: noAlt.length === 0 ? 'every image has alt' : `${noAlt.length} image(s) without alt`,
      details: noAlt,
    },
    {
      name: 'Layout tables and text size',
      status: tables.length + fonts.length === 0 ? 'pass' : 'fail',
      summary:
        tables.length + fonts.length === 0
          ? 'role="presentation" on every table; body text at 16 px or more'
          : `${tables.length} table(s) without role="presentation", ${fonts.length} text size(s) under 16 px`,
      details: [...tables, ...fonts],
    },
  ];
}

function warningsCheck(warnings: string[]): CheckResult {
  return {
    name: 'Content warnings',
    status: warnings.length === 0 ? 'pass' : 'warn',
    summary: warnings.length === 0 ? 'none' : `${warnings.length} warning(s) from the briefing`,
    details: warnings,
  };
}

/** Every check of the panel, on the render the preview shows: the test suite's gates. */
export async function runChecks(input: CheckInput): Promise<CheckReport> {
  const started = performance.now();
  const sample = input.render.sample;
  const html = sample?.html ?? '';
  const [mjml, support, spam] = await Promise.all([
    mjmlCheck(input),
    clientSupport(html, input.allowListPath),
    spamCheck(sample?.eml),
  ]);
  const checks: CheckResult[] = [
    mjml,
    sizeResult(html),
    support,
    spam,
    linkCheck(html, input.config.publicUrl),
    ...structureCheck(html),
    warningsCheck(input.warnings),
  ];
  return { checks, ms: performance.now() - started };
}
