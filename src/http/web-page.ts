// The token page's built files (web/dist/, written by scripts/build-web.ts),
// read into memory once at start-up: a handful of small files, served many
// times, and a later rebuild on disk cannot change a running gateway halfway.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm install` (the prepare script) builds the page. */
export const WEB_PAGE_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The path the page's hashed files are served under, with a trailing slash. */
export const WEB_ASSETS_PATH = '/assets/';

export interface WebAsset {
  body: ArrayBuffer;
  contentType: string;
}

export interface WebPage {
  /** index.html, naming the hashed files. */
  html: string;
  /** The hashed files by their name under WEB_ASSETS_PATH; nothing else is served. */
  assets: ReadonlyMap<string, WebAsset>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function arrayBufferOf(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The built page in `dir`, or null when it was never built (the gateway then says so on `/`). */
export function loadWebPage(dir: string = WEB_PAGE_DIR): WebPage | null {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const assets = new Map<string, WebAsset>();
  const assetDir = join(dir, 'assets');
  for (const name of existsSync(assetDir) ? readdirSync(assetDir) : []) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType === undefined) continue;
    assets.set(name, { body: arrayBufferOf(readFileSync(join(assetDir, name))), contentType });
  }
  return { html: readFileSync(index, 'utf8'), assets };
}
