// With the embedded SQLite store and no JGG_SECRET_KEY, the key is generated
// once into the data folder (mode 0600) and read from there afterwards.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateSecretKeyBase64 } from './keyring.ts';

export function loadOrCreateSecretKeyFile(path: string): string {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, `${generateSecretKeyBase64()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A key readable by others is no secret: tighten it if someone loosened it.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}
