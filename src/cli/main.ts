// The `jgg` command: one subcommand per module in this folder.
import { Command } from 'commander';
import { registerDemoCommand } from './demo.ts';
import { registerSandboxCommand } from './sandbox.ts';

const program = new Command('jgg')
  .description('jgg: the Jira GraphQL Gateway')
  .version('0.1.0')
  .showHelpAfterError('(add --help for the options)');

registerSandboxCommand(program);
registerDemoCommand(program);

await program.parseAsync(process.argv);
