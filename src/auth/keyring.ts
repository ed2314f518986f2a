// The secret key and what it protects: gateway tokens are stored only as
// HMAC-SHA-256 under it, Jira credentials as AES-256-GCM under it. Each
// sealed value names the key id it was made with, so a key can be rotated:
// the new key seals, the old ones still open what they sealed.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export interface SecretKey {
  /** Short public name of the key: the first 8 hex digits of its SHA-256. */
  id: string;
  key: Buffer;
}

export interface Keyring {
  /** Seals and hashes everything new. */
  current: SecretKey;
  /** Every key that may open old values, the current one first. */
  keys: SecretKey[];
}

export class SecretKeyError extends Error {}

const SEAL_VERSION = 'v1';

export function secretKeyFromBase64(encoded: string): SecretKey {
  const key = Buffer.from(encoded.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== encoded.trim()) {
    throw new SecretKeyError('must be 32 bytes, base64-encoded');
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

export function generateSecretKeyBase64(): string {
  return randomBytes(32).toString('base64');
}

export function createKeyring(current: SecretKey, previous: SecretKey[] = []): Keyring {
  return { current, keys: [current, ...previous.filter((k) => k.id !== current.id)] };
}

/** The stored form of a token secret under one key. */
export function tokenHash(secret: string, key: SecretKey): string {
  return createHmac('sha256', key.key).update(secret).digest('hex');
}

/** Hashes under every key of the ring, for look-ups that span a key rotation. */
export function tokenHashes(secret: string, keyring: Keyring): string[] {
  return keyring.keys.map((k) => tokenHash(secret, k));
}

/** Seals a secret as `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function sealSecret(plain: string, keyring: Keyring): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    SEAL_VERSION,
    keyring.current.id,
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === SEAL_VERSION ? (parts[1] ?? null) : null;
}

export function openSecret(sealed: string, keyring: Keyring): string {
  const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
  if (version !== SEAL_VERSION || !keyId || !iv || !tag || ciphertext === undefined) {
    throw new SecretKeyError('sealed value has an unknown format');
  }
  const key = keyring.keys.find((k) => k.id === keyId);
  if (!key) throw new SecretKeyError(`sealed with key ${keyId}, which is not configured`);
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
