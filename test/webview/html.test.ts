// renderReportHtml without a browser: the page's CSP, nonce and the embedded report's escaping.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { embeddableJson, renderReportHtml } from '../../src/core/html';
import type { Report } from '../../src/shared/report';
import { embeddedReportJson, readReportFile } from '../helpers/reportSchema';
import { FIXTURES } from './browser';

const base = readReportFile(path.join(FIXTURES, 'cpu-bound-primes.synthetic.json'));
const assets = { script: 'console.log("</script><script>alert(2)</script>")', style: 'body { color: red } </style><script>alert(3)</script>' };

describe('renderReportHtml', () => {
  test('embeds the report so that user text containing </script> or U+2028 cannot end the element', () => {
    const hostile: Report = {
      ...base,
      target: { ...base.target, function: 'f</script><script>alert(1)</script>' },
      verdict: { ...base.verdict, explanation: 'line\u2028separator\u2029 & <!-- comment' },
    };
    const html = renderReportHtml(hostile, assets);
    const json = embeddedReportJson(html);
    assert.doesNotMatch(json, /[<>\u2028\u2029]/);
    assert.deepEqual(JSON.parse(json), hostile);
    assert.equal(html.match(/<script>alert\(1\)/g), null, 'the function name never appears as markup');
    assert.match(html, /<title>Parallel profile: f&#60;\/script&#62;/);
  });

  test('uses a fresh nonce, names it in a CSP without unsafe-inline, and allows no remote content', () => {
    const first = renderReportHtml(base, assets);
    const second = renderReportHtml(base, assets);
    const nonceOf = (html: string) => /<style nonce="([^"]+)">/.exec(html)?.[1];
    const policyOf = (html: string) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1].replace(/&#39;/g, "'");
    const nonce = nonceOf(first);
    assert.ok(nonce && nonce.length >= 16);
    assert.notEqual(nonce, nonceOf(second));
    assert.equal(policyOf(first), `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:`);
    assert.doesNotMatch(first, /unsafe-inline|unsafe-eval|https?:\/\//);
    assert.equal(first.split(`nonce="${nonce}"`).length - 1, 2, 'the style and the bundle carry it');
  });

  test('keeps inlined script and style from closing their own elements', () => {
    const html = renderReportHtml(base, assets);
    assert.doesNotMatch(html, /alert\(2\)<\/script>"\)/);
    assert.match(html, /<\\\/script><script>alert\(2\)<\\\/script>/);
    assert.match(html, /<\\\/style><script>alert\(3\)/);
  });

  test('escapes < > & and the line separators as JSON unicode escapes that parse back', () => {
    const value = { text: '</script>\u2028\u2029&' };
    assert.equal(embeddableJson(value), '{"text":"\\u003c/script\\u003e\\u2028\\u2029\\u0026"}');
    assert.deepEqual(JSON.parse(embeddableJson(value)), value);
  });
});
