// For tests that compare whole GraphQL answers: every authenticated answer
// carries the token's budget in extensions.rateLimit (README "Rate limits"),
// whose figures move with every request. test/gateway/rate-limit.test.ts
// checks them; elsewhere they are left out of the comparison.

/** The answer without extensions.rateLimit (and without `extensions` if nothing else was in it). */
export function withoutRateLimit<T>(body: T): T {
  if (typeof body !== 'object' || body === null || !('extensions' in body)) return body;
  const { extensions, ...rest } = body as { extensions?: Record<string, unknown> };
  if (extensions === undefined) return body;
  const { rateLimit: _left, ...others } = extensions;
  return (Object.keys(others).length === 0 ? rest : { ...rest, extensions: others }) as T;
}
