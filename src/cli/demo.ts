// `jgg demo`: until the gateway exists, it runs the sandbox and shows how to
// query it as each seeded user.
import type { Command } from 'commander';
import { authorizationFor } from '../sandbox/auth-header.ts';
import { addSandboxOptions, runSandbox, type SandboxFlags } from './sandbox.ts';

export function registerDemoCommand(program: Command): void {
  addSandboxOptions(
    program.command('demo').description('run the sandbox with demo users and print how to query it'),
    8080,
  ).action(async (flags: SandboxFlags) => {
    const sandbox = await runSandbox(flags);
    const api = flags.flavor === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search';
    const lines = ['', 'Try it as one of the seeded users:', ''];
    for (const name of ['alice', 'bob', 'carol']) {
      const user = sandbox.store.usersByName.get(name);
      if (!user) continue;
      const projects =
        sandbox.store
          .visibleProjects(user)
          .map((p) => p.key)
          .join(', ') || 'no projects';
      lines.push(`  # ${user.displayName} (${projects})`);
      lines.push(
        `  curl -s -H 'Authorization: ${authorizationFor(flags.flavor, user)}' '${sandbox.url}${api}?jql=order+by+key&maxResults=2&fields=summary,status'`,
      );
      lines.push('');
    }
    lines.push(
      `All users and tokens: ${sandbox.url}/__sandbox/users   Request counts: ${sandbox.url}/__sandbox/stats`,
    );
    lines.push('Press Ctrl+C to stop.', '');
    process.stdout.write(lines.join('\n'));
    const stop = () => {
      void sandbox.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
