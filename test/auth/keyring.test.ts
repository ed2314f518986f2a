// The secret key and what it protects, including a key rotation: the new key
// seals and hashes, the previous one still opens and finds what it made.
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  generateSecretKeyBase64,
  openSecret,
  SecretKeyError,
  sealedKeyId,
  sealSecret,
  secretKeyFromBase64,
  tokenHash,
  tokenHashes,
} from '../../src/auth/keyring.ts';
import { checkTokenShape, generateTokenSecret } from '../../src/tokens/token-format.ts';

describe('keyring', () => {
  const a = secretKeyFromBase64(generateSecretKeyBase64());
  const b = secretKeyFromBase64(generateSecretKeyBase64());

  it('seals with AES-256-GCM under the current key, naming it, and opens again', () => {
    const ring = createKeyring(a);
    const sealed = sealSecret('{"kind":"bearer","token":"s3cret"}', ring);
    expect(sealed).not.toContain('s3cret');
    expect(sealedKeyId(sealed)).toBe(a.id);
    expect(openSecret(sealed, ring)).toBe('{"kind":"bearer","token":"s3cret"}');
    // The same plaintext seals differently every time (random IV).
    expect(sealSecret('x', ring)).not.toBe(sealSecret('x', ring));
  });

  it('refuses a tampered value and a key it does not hold', () => {
    const ring = createKeyring(a);
    const sealed = sealSecret('secret', ring);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4] as string, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    parts[4] = flipped.toString('base64url');
    expect(() => openSecret(parts.join('.'), ring)).toThrow();
    expect(() => openSecret(sealed, createKeyring(b))).toThrow(SecretKeyError);
  });

  it('keeps old values readable and old tokens findable after rotating the key', () => {
    const before = createKeyring(a);
    const sealed = sealSecret('credential', before);
    const secret = generateTokenSecret();
    const storedHash = tokenHash(secret, a);

    const after = createKeyring(b, [a]);
    expect(openSecret(sealed, after)).toBe('credential');
    expect(sealedKeyId(sealSecret('new', after))).toBe(b.id);
    expect(tokenHashes(secret, after)).toEqual([tokenHash(secret, b), storedHash]);
  });

  it('takes only 32-byte base64 keys', () => {
    expect(() => secretKeyFromBase64(Buffer.alloc(16).toString('base64'))).toThrow(SecretKeyError);
    expect(() => secretKeyFromBase64('not base64!')).toThrow(SecretKeyError);
  });
});

describe('token format', () => {
  it('makes jgg_ + 30 random + 6 checksum characters that check out offline', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateTokenSecret()));
    expect(secrets.size).toBe(200);
    for (const s of secrets) {
      expect(s).toMatch(/^jgg_[0-9A-Za-z]{36}$/);
      expect(checkTokenShape(s)).toBe('valid');
    }
  });

  it('tells malformed tokens from a wrong checksum', () => {
    const s = generateTokenSecret();
    expect(checkTokenShape(`${s}x`)).toBe('malformed');
    expect(checkTokenShape(s.replace('jgg_', 'ghp_'))).toBe('malformed');
    const body = s.slice(4, 34);
    const swapped = `jgg_${body.slice(1)}${body[0]}${s.slice(-6)}`;
    expect(checkTokenShape(swapped === s ? `jgg_${'0'.repeat(30)}${s.slice(-6)}` : swapped)).toBe(
      'bad-checksum',
    );
  });
});
