// vitest globalSetup: builds the token page (scripts/build-web.ts) once before
// any test file runs, so the gateways the tests start serve the page the
// sources describe, not whatever `npm install` built last. Takes well under a second.
import { buildWebPage } from '../../scripts/build-web.ts';

export default async function setup(): Promise<void> {
  await buildWebPage();
}
