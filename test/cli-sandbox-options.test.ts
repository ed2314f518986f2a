// `jgg sandbox`'s flags: how the command line reaches the sandbox's settings.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addSandboxOptions } from '../src/cli/sandbox.ts';

describe('jgg sandbox flags', () => {
  it('takes the status of an injected error from the --error-status flag', () => {
    const parse = (...args: string[]) => {
      const command = addSandboxOptions(new Command('sandbox'), 8080)
        .exitOverride()
        .configureOutput({
          writeErr: () => undefined,
        });
      return command.parse(args, { from: 'user' }).opts();
    };
    expect(parse().errorStatus).toBe(503);
    expect(parse('--error-status', '429').errorStatus).toBe(429);
    expect(() => parse('--error-status', '418')).toThrow(/expected one of 400, 401, 403, 404, 429/);
  });

  it("takes Cloud's rate-limit reason and the refill interval from --rate-limit-reason and --rate-limit-interval", () => {
    const parse = (...args: string[]) =>
      addSandboxOptions(new Command('sandbox'), 8080)
        .exitOverride()
        .configureOutput({ writeErr: () => undefined })
        .parse(args, { from: 'user' })
        .opts();
    expect(parse()).toMatchObject({ rateLimitReason: 'jira-burst-based', rateLimitInterval: 1 });
    expect(
      parse(
        '--rate-limit',
        '2',
        '--rate-limit-interval',
        '30',
        '--rate-limit-reason',
        'jira-per-issue-on-write',
      ),
    ).toMatchObject({
      rateLimit: 2,
      rateLimitInterval: 30,
      rateLimitReason: 'jira-per-issue-on-write',
    });
    expect(() => parse('--rate-limit-reason', 'jira-made-up')).toThrow(/expected one of jira-burst-based/);
    expect(() => parse('--rate-limit-interval', '0')).toThrow();
  });
});
