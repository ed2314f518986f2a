// The GraphiQL page and its start-up script. No inline script, so the page's
// Content-Security-Policy can say script-src 'self': its options travel in a
// JSON data block, which browsers never run.
import { GRAPHIQL_ASSETS_PATH } from './graphiql-assets.ts';

/** Our start-up script's address (not versioned with the package: it is ours). */
export const GRAPHIQL_BOOT_PATH = '/graphiql/boot.js';

/**
 * The page's policy. style-src needs 'unsafe-inline': Monaco and GraphiQL's
 * React components set style attributes and insert <style> elements at run
 * time. Fonts and icons are data: URLs inside graphiql.css. Monaco's workers
 * are this origin's files (worker-src 'self'), not blob: URLs.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets up Monaco's workers before the bundle loads, and renders GraphiQL once the page is parsed. */
export const GRAPHIQL_BOOT_SCRIPT = `'use strict';
(() => {
  const config = JSON.parse(document.getElementById('jgg-graphiql').textContent);
  const workers = {
    editorWorkerService: 'monacoeditorwork/editor.worker.bundle.js',
    json: 'monacoeditorwork/json.worker.bundle.js',
    graphql: 'monacoeditorwork/graphql.worker..bundle.js',
  };
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: (_moduleId, label) => config.assets + (workers[label] || workers.editorWorkerService),
  };
  document.addEventListener('DOMContentLoaded', () => {
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), config.options);
  });
})();
`;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON safe inside a <script> data block: no '<' can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function graphiqlPage(title: string): string {
  const config = { assets: GRAPHIQL_ASSETS_PATH, options: { title } };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.css">
<script type="application/json" id="jgg-graphiql">${scriptJson(config)}</script>
<script src="${GRAPHIQL_BOOT_PATH}"></script>
<script src="${GRAPHIQL_ASSETS_PATH}yoga-graphiql.umd.js"></script>
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run GraphiQL.</noscript>
<div id="root">Loading ${escapeHtml(title)}...</div>
</body>
</html>
`;
}
