// Renders a report as one self-contained HTML page: the Results panel bundle and its CSS inlined
// under a nonce-only CSP, the report embedded as inert JSON. Used by the CLI's --html and the
// extension's HTML export; pure apart from loadReportAssets, no vscode import.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../shared/report';
import { formatSpeedup } from '../shared/format';
import { runLabel } from '../shared/report';

export interface ReportAssets {
  /** The Results panel bundle (dist/panel.js). */
  script: string;
  /** Its stylesheets (media/theme.css then media/panel.css), joined. */
  style: string;
}

export function loadReportAssets(distDir: string, mediaDir: string): ReportAssets {
  return {
    script: readFileSync(path.join(distDir, 'panel.js'), 'utf8'),
    style: ['theme.css', 'panel.css'].map((name) => readFileSync(path.join(mediaDir, name), 'utf8')).join('\n'),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * JSON that cannot end its <script> element or open a comment: every <, > and & becomes a \u
 * escape (JSON.parse restores them), and so do U+2028/2029 for older JavaScript parsers.
 */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline code must not contain its own end tag; esbuild already escapes it in strings, this is the backstop. */
function inlineScript(code: string): string {
  return code.replace(/^\/\/# sourceMappingURL=.*$/gm, '').replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

export function contentSecurityPolicy(nonce: string): string {
  // Lit (vscode-elements) styles its shadow roots with adoptedStyleSheets, which style-src does not
  // govern, so no 'unsafe-inline' is needed (test/webview checks for securitypolicyviolation events).
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:`;
}

/** What a reader without JavaScript still gets: the verdict in words. */
function staticSummary(report: Report): string {
  const { verdict } = report;
  const best = verdict.best ? `${runLabel(verdict.best)} at ${formatSpeedup(verdict.best.speedup)}` : 'none';
  return [
    `<h1>${escapeHtml(report.target.function)}: ${escapeHtml(verdict.kind)}</h1>`,
    `<p>Best configuration: ${escapeHtml(best)}</p>`,
    `<p>${escapeHtml(verdict.explanation)}</p>`,
    `<p>${escapeHtml(verdict.recommendation)}</p>`,
    '<p>Charts and tables need JavaScript.</p>',
  ].join('\n');
}

export function renderReportHtml(report: Report, assets: ReportAssets): string {
  const nonce = randomBytes(18).toString('base64');
  const title = `Parallel profile: ${report.target.function} — ${path.basename(report.target.file)}`;
  return `<!DOCTYPE html>
<html lang="en" class="pp-standalone">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${escapeHtml(`${report.tool.name} ${report.tool.version}`)}">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
${inlineStyle(assets.style)}
</style>
</head>
<body>
<main id="app">
${staticSummary(report)}
</main>
<script type="application/json" id="pp-report">${embeddableJson(report)}</script>
<script nonce="${nonce}">
${inlineScript(assets.script)}
</script>
</body>
</html>
`;
}
