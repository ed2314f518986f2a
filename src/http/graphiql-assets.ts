// GraphiQL's files, served by the gateway itself from the
// @graphql-yoga/graphiql package: Yoga's own page loads them from a public
// CDN without integrity checks, on the very page where people paste tokens.
// Under a path with the package's version, so they can be cached for good.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageJson = require.resolve('@graphql-yoga/graphiql/package.json');
const { version } = require('@graphql-yoga/graphiql/package.json') as { version: string };
const dist = join(dirname(packageJson), 'dist');

/** Where the versioned files live, with a trailing slash. */
export const GRAPHIQL_ASSETS_PATH = `/graphiql/${version}/`;

const JS = 'text/javascript; charset=utf-8';

/** The package's files by their name under GRAPHIQL_ASSETS_PATH; nothing else is served. */
const FILES: ReadonlyMap<string, string> = new Map([
  ['graphiql.css', 'text/css; charset=utf-8'],
  ['yoga-graphiql.umd.js', JS],
  // Monaco's editor workers (the graphql one's double dot is the package's own name).
  ['monacoeditorwork/editor.worker.bundle.js', JS],
  ['monacoeditorwork/json.worker.bundle.js', JS],
  ['monacoeditorwork/graphql.worker..bundle.js', JS],
]);

export interface Asset {
  body: ArrayBuffer;
  contentType: string;
}

const loaded = new Map<string, Promise<ArrayBuffer>>();

/** A file of the package by its name under GRAPHIQL_ASSETS_PATH, read once; null if not one of FILES. */
export function graphiqlAsset(name: string): Promise<Asset> | null {
  const contentType = FILES.get(name);
  if (contentType === undefined) return null;
  let body = loaded.get(name);
  if (!body) {
    // Copied once into an ArrayBuffer of its own: a Response body of the right type.
    body = readFile(join(dist, name)).then(
      (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    // A failed read is tried again next time rather than remembered.
    body.catch(() => loaded.delete(name));
    loaded.set(name, body);
  }
  return body.then((bytes) => ({ body: bytes, contentType }));
}
