// Gateway token format: `jgg_` + 30 random base62 characters + a 6-character
// base62 CRC32 of everything before it. The checksum lets a secret scanner (or
// this gateway, before any store look-up) tell a real token from noise offline.
import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const TOKEN_PREFIX = 'jgg_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 30; // 30 × log2(62) ≈ 178.6 bits
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const TOKEN_PATTERN = /^jgg_[0-9A-Za-z]{36}$/;

export function base62(value: number, width: number): string {
  let n = value;
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

/** A new token secret. Shown to its owner once; only its keyed hash is stored. */
export function generateTokenSecret(): string {
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) random += ALPHABET[randomInt(62)];
  const body = `${TOKEN_PREFIX}${random}`;
  return `${body}${checksum(body)}`;
}

export type TokenShape = 'valid' | 'malformed' | 'bad-checksum';

/** Checks a presented token without any look-up: shape first, then checksum. */
export function checkTokenShape(candidate: string): TokenShape {
  if (!TOKEN_PATTERN.test(candidate)) return 'malformed';
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === candidate.slice(-CHECKSUM_LENGTH) ? 'valid' : 'bad-checksum';
}
