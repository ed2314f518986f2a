// `jgg identity link|list`: Jira accounts known to the gateway.
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { readAllPages } from '../store/keyset-page.ts';
import type { IdentityRecord } from '../store/store.ts';
import { runCommand } from './errors.ts';
import { withHostServices } from './host-services.ts';
import { printable, printJson, printTable } from './output.ts';

export function identityJson(identity: IdentityRecord): Record<string, unknown> {
  return {
    id: identity.id,
    flavor: identity.flavor,
    accountId: identity.jiraAccountId,
    name: identity.jiraName,
    displayName: identity.displayName,
    email: identity.email,
    credentialInvalidAt: identity.credentialInvalidAt?.toISOString() ?? null,
    createdAt: identity.createdAt.toISOString(),
  };
}

export function registerIdentityCommands(program: Command): void {
  const identity = program.command('identity').description('Jira accounts known to the gateway');

  identity
    .command('link')
    .description('check a Jira credential against Jira /myself, store it encrypted, print the identity')
    .requiredOption('--jira-token <token>', 'Data Center personal access token, or Cloud API token')
    .option('--email <email>', 'Cloud: the email address of the Atlassian account')
    .option('--json', 'print JSON')
    .action((flags: { jiraToken: string; email?: string; json?: boolean }) =>
      runCommand('identity link', async () => {
        await withHostServices(loadConfig(), async (services) => {
          const linked = await (await services.identities()).link(
            { jiraToken: flags.jiraToken, email: flags.email ?? null },
            { kind: 'cli' },
          );
          if (flags.json) printJson(identityJson(linked));
          else
            process.stdout.write(
              `linked ${printable(linked.displayName)} (${printable(linked.jiraName ?? linked.jiraAccountId)}), id ${linked.id}\n`,
            );
        });
      }),
    );

  identity
    .command('list')
    .description('list linked identities')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) =>
      runCommand('identity list', async () => {
        await withHostServices(loadConfig(), async ({ store }) => {
          const all = await readAllPages((page) => store.listIdentities(page));
          if (flags.json) printJson(all.map(identityJson));
          else
            printTable(
              all.map((i) => ({
                id: i.id,
                user: i.jiraName ?? i.jiraAccountId,
                name: i.displayName,
                flavor: i.flavor,
                credential: i.credentialInvalidAt ? 'refused by Jira' : 'ok',
              })),
              ['id', 'user', 'name', 'flavor', 'credential'],
            );
        });
      }),
    );
}
