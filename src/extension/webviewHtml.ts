// The HTML shell both webviews load: a strict CSP with a per-load nonce, the bundle from dist/ and
// the stylesheets from media/, and nothing else. Only vscode *types* here: tested with plain node.

import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export interface WebviewPage {
  title: string;
  /** Bundle file name in dist/, e.g. "panel.js". */
  script: string;
  /** The page's own stylesheet in media/, e.g. "panel.css"; the shared theme.css loads first. */
  style: string;
}

export interface WebviewHtmlParts {
  title: string;
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** In load order: the shared theme first, then the page's own sheet. */
  styleUris: string[];
}

/** The theme fallbacks and base rules both webviews share. */
const SHARED_STYLE = 'theme.css';

export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // Lit styles vscode-elements through adoptedStyleSheets, which style-src does not govern, so no
  // 'unsafe-inline' is needed; the nonce lets only our own bundle run.
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function buildWebviewHtml(parts: WebviewHtmlParts): string {
  const nonce = escapeHtml(parts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${parts.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`).join('\n')}
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeHtml(parts.scriptUri)}"></script>
</body>
</html>`;
}

/** Where the webview may load files from: the extension's dist/ and media/ folders. */
export interface AssetRoots {
  dist: vscode.Uri;
  media: vscode.Uri;
}

function child(folder: vscode.Uri, name: string): vscode.Uri {
  return folder.with({ path: `${folder.path.replace(/\/$/, '')}/${name}` });
}

/** Webview options: scripts on, and local files limited to dist/ and media/. */
export function webviewOptions(roots: AssetRoots): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [roots.dist, roots.media] };
}

/** Sets the webview's options and HTML for one page; a fresh nonce each time the HTML is set. */
export function loadWebview(webview: vscode.Webview, roots: AssetRoots, page: WebviewPage): void {
  webview.options = webviewOptions(roots);
  webview.html = buildWebviewHtml({
    title: page.title,
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(child(roots.dist, page.script)).toString(),
    styleUris: [SHARED_STYLE, page.style].map((name) => webview.asWebviewUri(child(roots.media, name)).toString()),
  });
}
