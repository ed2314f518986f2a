// What makes two requests "the same" for an idempotency key: the key's form,
// and the canonical hash of the operation and its input.
import { describe, expect, it } from 'vitest';
import { idempotencyRequestHash, validIdempotencyKey } from '../../src/writes/idempotency.ts';

describe('validIdempotencyKey', () => {
  it('accepts 1-255 printable ASCII characters, inner spaces included', () => {
    for (const key of ['a', 'order 42/retry#1', '~'.repeat(255), 'A-1_b.c:d', '{"json":true}']) {
      expect(validIdempotencyKey(key)).toBeNull();
    }
  });

  it('says why a key is refused', () => {
    expect(validIdempotencyKey('')).toBe('it is empty');
    expect(validIdempotencyKey('x'.repeat(256))).toBe('it is longer than 255 characters');
    for (const key of ['café', 'a\nb', 'tab\there', 'nul\u0000', 'del\u007f', '😀']) {
      expect(validIdempotencyKey(key)).toBe('it may hold only printable ASCII characters');
    }
    for (const key of [' a', 'a ', ' ']) {
      expect(validIdempotencyKey(key)).toBe('it may not begin or end with a space');
    }
  });
});

describe('idempotencyRequestHash', () => {
  const input = { projectKey: 'OPS', fields: { summary: 'Disk full', labels: ['a', 'b'], parent: null } };

  it('is SHA-256 hex', () => {
    expect(idempotencyRequestHash('createIssue', input)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores key order, undefined fields and null prototypes (as graphql-js builds arguments)', () => {
    const reordered = {
      fields: { parent: null, labels: ['a', 'b'], summary: 'Disk full' },
      projectKey: 'OPS',
    };
    const withUndefined = { ...input, assignee: undefined, fields: { ...input.fields, dueDate: undefined } };
    const nullPrototype = Object.assign(Object.create(null) as object, {
      projectKey: 'OPS',
      fields: Object.assign(Object.create(null) as object, input.fields),
    });
    const hash = idempotencyRequestHash('createIssue', input);
    expect(idempotencyRequestHash('createIssue', reordered)).toBe(hash);
    expect(idempotencyRequestHash('createIssue', withUndefined)).toBe(hash);
    expect(idempotencyRequestHash('createIssue', nullPrototype)).toBe(hash);
  });

  it('tells apart the operation, values, array order, null from absent, and nesting', () => {
    const hash = idempotencyRequestHash('createIssue', input);
    const others = [
      idempotencyRequestHash('addComment', input),
      idempotencyRequestHash('createIssue', { ...input, projectKey: 'OPZ' }),
      idempotencyRequestHash('createIssue', { ...input, fields: { ...input.fields, labels: ['b', 'a'] } }),
      idempotencyRequestHash('createIssue', {
        projectKey: 'OPS',
        fields: { summary: 'Disk full', labels: ['a', 'b'] },
      }),
      idempotencyRequestHash('createIssue', { projectKey: 'OPS', ...input.fields }),
      idempotencyRequestHash('createIssue', { ...input, fields: { ...input.fields, summary: 'Disk  full' } }),
      // A string that spells the number is not the number.
      idempotencyRequestHash('createIssue', { ...input, projectKey: 1 }),
      idempotencyRequestHash('createIssue', { ...input, projectKey: '1' }),
    ];
    expect(new Set([hash, ...others]).size).toBe(others.length + 1);
  });

  it('hashes a Date by its JSON form and refuses a circular input', () => {
    expect(idempotencyRequestHash('addWorklog', { started: new Date(0) })).toBe(
      idempotencyRequestHash('addWorklog', { started: '1970-01-01T00:00:00.000Z' }),
    );
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(() => idempotencyRequestHash('createIssue', circular)).toThrow(TypeError);
    // A repeated (not circular) object is fine.
    const shared = { x: 1 };
    expect(idempotencyRequestHash('createIssue', { a: shared, b: shared })).toBe(
      idempotencyRequestHash('createIssue', { a: { x: 1 }, b: { x: 1 } }),
    );
  });
});
