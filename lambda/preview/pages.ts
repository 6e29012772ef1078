import { createHash } from 'node:crypto';
import type { CheckReport } from './check-report.ts';
import { CLIENT_SCRIPT } from './client.ts';
import type { Problem } from './content-problem.ts';
import type { ArticleView, OutlineItem } from './evidence.ts';
import { h, type Markup, trusted } from './html.ts';
import { decodeWords, headerFields } from './render-story.ts';
import type { ListedStory, NextEdition, RenderState, StoryState, TemplateState } from './studio.ts';

const STYLE = `
:root { color-scheme: light; font: 15px/1.45 system-ui, sans-serif; }
body { margin: 0; background: #f3f3f1; color: #1d1d1d; }
header.top { background: #1d2733; color: #fff; padding: 10px 20px; display: flex; gap: 18px; align-items: baseline; }
header.top a { color: #fff; text-decoration: none; } header.top strong { font-size: 17px; }
main { padding: 16px 20px 60px; }
h1 { font-size: 20px; margin: 4px 0 8px; } h2 { font-size: 16px; margin: 18px 0 6px; }
table.list { border-collapse: collapse; background: #fff; width: 100%; }
table.list td, table.list th { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 12px; font-weight: 600; }
.draft { background: #fde9b8; } .ready { background: #c9efc9; } .sent { background: #d3e3fa; } .error, .fail { background: #f8c9c4; }
.pass { background: #c9efc9; } .warn { background: #fde9b8; }
.problem { background: #fff0ee; border: 1px solid #e7a49b; padding: 8px 12px; margin: 8px 0; border-radius: 4px; white-space: pre-wrap; }
.problem code { font-weight: 600; }
.muted { color: #666; } .small { font-size: 13px; }
nav.views { display: flex; gap: 4px; margin: 12px 0; flex-wrap: wrap; align-items: center; }
nav.views button { border: 1px solid #bbb; background: #fff; padding: 5px 10px; border-radius: 4px; cursor: pointer; }
nav.views button.on { background: #1d2733; color: #fff; border-color: #1d2733; }
nav.views label { margin-left: 10px; }
.stage { background: #d9d9d6; padding: 16px; display: flex; justify-content: center; border-radius: 4px; }
iframe#frame { border: 0; background: #fff; width: 600px; min-height: 400px; display: block; }
body[data-scheme="dark"] .stage { background: #2a2a2a; }
pre { background: #fff; padding: 12px; overflow: auto; white-space: pre-wrap; word-break: break-word; border: 1px solid #ddd; }
.bar { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.bar form { display: flex; gap: 6px; align-items: center; }
.outline li { margin: 8px 0; background: #fff; padding: 8px 10px; border: 1px solid #ddd; list-style: none; }
.outline ul { padding: 0; } .refs a { margin-right: 10px; font-size: 13px; }
.section { text-transform: uppercase; font-size: 11px; letter-spacing: .05em; color: #555; }
article.source p { background: #fff; padding: 6px 10px; margin: 6px 0; }
article.source p.dropped { color: #999; background: transparent; }
article.source .n { color: #888; font-size: 12px; margin-right: 6px; }
mark.hl { background: #ffe066; outline: 2px solid #e0a800; } mark.hl .cut { opacity: .45; text-decoration: line-through; }
table.checks td { padding: 6px 8px; vertical-align: top; border-bottom: 1px solid #ddd; }
`;

function layout(title: string, body: Markup, version: number): string {
  return h`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Braid preview</title>
<style>${trusted(STYLE)}</style></head>
<body data-version="${version}"><header class="top"><strong>Braid preview</strong><a href="/">Stories</a><a href="/edition">Next edition</a><span class="muted small">live: saving a file in content/ or templates/ updates this page</span></header>
${body}
<script>${trusted(CLIENT_SCRIPT)}</script></body></html>`.value;
}

export function problemBox(problem: Problem, note = ''): Markup {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return h`<div class="problem" role="alert"><code class="where">${where}</code> ${note}\n${problem.message}</div>`;
}

function statusBadge(entry: ListedStory): Markup {
  if (entry.status === 'sent')
    return h`<span class="badge sent">sent in edition ${entry.sentIn}</span>`;
  return h`<span class="badge ${entry.status}">${entry.status}</span>`;
}

export function listPage(stories: ListedStory[], version: number): string {
  const rows = stories.map((entry) => {
    const state = entry.state;
    const articles = state.ok ? state.story.articles : [];
    return h`<tr data-story="${entry.slug}"><td><a href="/story/${encodeURIComponent(entry.slug)}">${state.ok ? state.briefing.headline : entry.slug}</a><div class="muted small">${entry.slug}</div></td>
<td>${statusBadge(entry)}</td>
<td>${articles.map((a) => h`<div>${a.outlet} <span class="muted small">${a.published}</span></div>`)}</td>
<td>${state.ok ? state.briefing.warnings.map((w) => h`<div class="small">${w}</div>`) : problemBox(state.problem)}</td></tr>`;
  });
  const body = h`<main id="main" data-version="${version}"><h1>Stories</h1>
<table class="list"><thead><tr><th>Story</th><th>Status</th><th>Outlets, published</th><th>Warnings</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted small">Drafts show here and are never sent by the schedule. The <a href="/edition">next edition</a> is every ready story no edition has carried yet.</p></main>`;
  return layout('Stories', body, version);
}

function views(): Markup {
  const tab = (view: string, label: string) =>
    h`<button type="button" data-view="${view}">${label}</button>`;
  return h`<nav class="views">${tab('desktop', 'Desktop 600')}${tab('mobile', 'Mobile 375')}${tab('text', 'Plain text')}${tab('source', 'HTML source')}${tab('headers', 'MIME headers')}${tab('evidence', 'Evidence')}${tab('checks', 'Checks')}<label><input type="checkbox" id="dark"> Dark mode</label></nav>`;
}

function templateNote(templates: TemplateState): Markup[] {
  return templates.problems.map((p) =>
    problemBox(p, '— the templates as saved do not compile; showing the last good render.'),
  );
}

function renderPanels(
  render: RenderState | undefined,
  frameSrc: string,
  checksSrc: string,
  evidence: Markup,
): Markup {
  const sample = render?.sample;
  if (render?.problem) return problemBox(render.problem);
  if (sample === undefined) return h``;
  const headers = headerFields(sample.eml);
  return h`
<section data-panel="desktop mobile"><div class="stage"><iframe id="frame" title="The email" sandbox="allow-same-origin" data-src="${frameSrc}" src="${frameSrc}"></iframe></div>
<p class="muted small">Subject: <strong>${sample.edition.subject}</strong> · preheader: ${sample.edition.preheader} · ${Buffer.byteLength(sample.html)} bytes of HTML, rendered in ${render?.renderMs.toFixed(0)} ms. Dark mode applies the email's own <code>prefers-color-scheme: dark</code> rules, as Apple Mail, iOS Mail and Outlook for Mac do.</p></section>
<section data-panel="text" hidden><pre id="plain-text">${sample.text}</pre></section>
<section data-panel="source" hidden><pre id="html-source">${sample.html}</pre></section>
<section data-panel="headers" hidden><table class="list" id="mime-headers">${headers.map(([n, v]) => h`<tr><th>${n}</th><td>${decodeWords(v)}${decodeWords(v) === v ? '' : h`<div class="muted small">as sent: ${v}</div>`}</td></tr>`)}</table>
<p class="muted small">The edition's message for the sample reader, as the send builds it (nodemailer's MailComposer once, spliced per reader).</p></section>
<section data-panel="evidence" hidden>${evidence}</section>
<section data-panel="checks" hidden><div id="checks" data-src="${checksSrc}"></div></section>`;
}

/** A short tag of a render: the iframe reloads only when what it shows changed. */
function renderTag(render: RenderState | undefined): string {
  return createHash('sha256')
    .update(render?.key ?? '')
    .digest('hex')
    .slice(0, 12);
}

function sendForm(target: string, slug: string): Markup {
  return h`<form data-action="/send-test"><input type="hidden" name="target" value="${target}"><input type="hidden" name="slug" value="${slug}">
<input type="email" name="to" placeholder="you@example.org" required aria-label="Send a test to"><button>Send a test</button><span class="result small"></span></form>`;
}

export function outline(slug: string, items: OutlineItem[]): Markup {
  const li = (
    item: OutlineItem,
    index: number,
  ) => h`<li data-item="${item.section}-${index}"><div class="section">${item.section}${item.label ? ` · ${item.label}` : ''} · credited to ${item.credited.join(', ')}${item.traced ? '' : " · ⚠ the text is not its first evidence's sentence"}</div>
<div>${item.text}</div><div class="refs">${item.evidence.map((e) => {
    const where = `${e.ref.source} ¶${e.ref.paragraph} s${e.ref.sentence}${e.ref.kept ? ' (trimmed)' : ''}`;
    if (e.outletSlug === undefined || e.sentence === undefined)
      return h`<span class="badge error">${where}: does not resolve</span>`;
    const href = `/story/${encodeURIComponent(slug)}/article/${encodeURIComponent(e.outletSlug)}?p=${e.ref.paragraph}&s=${e.ref.sentence}${e.ref.kept ? `&kept=${encodeURIComponent(JSON.stringify(e.ref.kept))}` : ''}#hl`;
    return h`<a class="ref" href="${href}" title="${e.sentence}">${where}</a>`;
  })}</div></li>`;
  const sections = ['summary', 'point', 'quote', 'difference', 'timeline'] as const;
  return h`<div class="outline">${sections.map((section) => {
    const mine = items.filter((i) => i.section === section);
    if (mine.length === 0) return h``;
    return h`<h2>${{ summary: 'Summary', point: 'Key points', quote: 'What they said', difference: 'Where the coverage differs', timeline: 'Timeline' }[section]}</h2><ul>${mine.map(li)}</ul>`;
  })}</div>`;
}

export function storyPage(
  slug: string,
  state: StoryState,
  templates: TemplateState,
  render: RenderState | undefined,
  evidence: Markup,
  status: ListedStory | undefined,
  version: number,
): string {
  const title = state.ok ? state.briefing.headline : slug;
  const head = h`<div class="bar"><h1>${title}</h1>${status ? statusBadge(status) : ''}
${status?.status === 'draft' ? h`<form data-action="/story/${encodeURIComponent(slug)}/ready"><button id="mark-ready">Mark ready</button><span class="result small"></span></form>` : ''}
${state.ok ? sendForm('story', slug) : ''}</div>`;
  const body = state.ok
    ? h`${templateNote(templates)}${views()}${renderPanels(render, `/frame/story/${encodeURIComponent(slug)}?r=${renderTag(render)}`, `/checks/story/${encodeURIComponent(slug)}?r=${renderTag(render)}`, evidence)}`
    : h`${problemBox(state.problem, '— fix it and save: this page updates by itself.')}`;
  return layout(title, h`<main id="main" data-version="${version}">${head}${body}</main>`, version);
}

export function editionPage(next: NextEdition, templates: TemplateState, version: number): string {
  const { stories, blockers, warnings, render, editionId } = next;
  const head = h`<div class="bar"><h1>Next edition${editionId ? h` <span class="muted small" id="edition-id">${editionId}</span>` : ''}</h1>${render?.sample ? sendForm('edition', '') : ''}</div>
<p class="small" id="edition-stories">As the scheduled send would compose it now: ${stories.length === 0 ? 'no ready story that no edition has carried' : stories.join(', ')}.</p>
${warnings.length > 0 ? h`<ul class="small" id="edition-warnings">${warnings.map((w) => h`<li>${w}</li>`)}</ul>` : ''}`;
  const body =
    blockers.length > 0
      ? h`${blockers.map((b) => problemBox(b.problem, b.note))}`
      : stories.length === 0
        ? h`<p>Nothing to send: set <code>status: ready</code> in a story's story.yaml (or press Mark ready on its page).</p>`
        : h`${templateNote(templates)}${views()}${renderPanels(render, `/frame/edition?r=${renderTag(render)}`, `/checks/edition?r=${renderTag(render)}`, h`<p class="muted">The evidence of each story is on its own page.</p>`)}`;
  return layout(
    'Next edition',
    h`<main id="main" data-version="${version}">${head}${body}</main>`,
    version,
  );
}

export function articlePage(
  slug: string,
  view: ArticleView,
  at: { paragraph: number; sentence: number; kept?: [number, number][] },
  version: number,
): string {
  const a = view.article;
  const paragraphs = view.paragraphs.map((p) => {
    if (p.dropped)
      return h`<p class="dropped"><span class="n">¶${p.number}</span>${p.sentences[0]?.text ?? ''} <span class="small">(dropped by cleaning)</span></p>`;
    return h`<p><span class="n">¶${p.number}</span>${p.sentences.map((s) => {
      if (p.number !== at.paragraph || s.number !== at.sentence)
        return h`<span data-s="${s.number}">${s.text}</span> `;
      return h`<mark class="hl" id="hl" data-s="${s.number}">${keptMarkup(s.text, at.kept)}</mark> `;
    })}</p>`;
  });
  const body = h`<main id="main" data-version="${version}"><p><a href="/story/${encodeURIComponent(slug)}#view=evidence">← back to the evidence</a></p>
<h1>${a.title ?? a.outlet}</h1><p class="muted">${a.outlet} · ${a.published}${a.url ? h` · <a href="${a.url}">${a.url}</a>` : ''} · <code>${a.file}</code> · ¶${at.paragraph} sentence ${at.sentence} highlighted${at.kept ? '; the struck parts are what the briefing trimmed' : ''}</p>
<article class="source">${paragraphs}</article></main>`;
  return layout(`${a.outlet}: ${slug}`, body, version);
}

/**
 * The kept ranges as the sentence can show them: clamped to it, empty ones dropped, sorted,
 * overlaps merged (they come from the URL, so anything may be there).
 */
export function keptRanges(
  kept: readonly (readonly [number, number])[],
  length: number,
): [number, number][] {
  const clamped = kept
    .map(([a, b]): [number, number] => [Math.min(a, length), Math.min(b, length)])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of clamped) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The sentence with the briefing's kept ranges plain and the trimmed parts struck. */
function keptMarkup(sentence: string, kept: [number, number][] | undefined): Markup {
  if (kept === undefined || kept.length === 0) return h`${sentence}`;
  const parts: Markup[] = [];
  let at = 0;
  for (const [start, end] of keptRanges(kept, sentence.length)) {
    if (start > at) parts.push(h`<span class="cut">${sentence.slice(at, start)}</span>`);
    parts.push(h`<span class="kept">${sentence.slice(start, end)}</span>`);
    at = end;
  }
  if (at < sentence.length) parts.push(h`<span class="cut">${sentence.slice(at)}</span>`);
  return h`${parts}`;
}

export function checksFragment(report: CheckReport): string {
  return h`<table class="checks" id="checks-table">${report.checks.map(
    (c) =>
      h`<tr data-check="${c.name}"><td><span class="badge ${c.status}">${c.status}</span></td><td><strong>${c.name}</strong><div>${c.summary}</div>${c.details.length > 0 ? h`<ul class="small">${c.details.slice(0, 30).map((d) => h`<li>${d}</li>`)}</ul>` : ''}</td></tr>`,
  )}</table><p class="muted small">The same checks as the test suite's email gates (lambda/preview/checks.ts), ${report.ms.toFixed(0)} ms.</p>`
    .value;
}

export function messagePage(title: string, message: string, version: number): string {
  return layout(
    title,
    h`<main id="main" data-version="${version}"><h1>${title}</h1><p>${message}</p><p><a href="/">All stories</a></p></main>`,
    version,
  );
}

/** The email as a dark-mode client shows it: its own prefers-color-scheme: dark rules applied. */
export function darkened(html: string): string {
  return html
    .replace(/@media\s*\(prefers-color-scheme:\s*dark\)/gu, '@media all')
    .replace(
      /<meta name="color-scheme" content="light dark">/u,
      '$&<style>:root{color-scheme:dark}</style>',
    );
}
