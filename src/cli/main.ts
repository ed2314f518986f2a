// The `jgg` command: one subcommand per module in this folder.
import { Command } from 'commander';
import { registerDemoCommand } from './demo.ts';
import { registerIdentityCommands } from './identity.ts';
import { registerSandboxCommand } from './sandbox.ts';
import { registerServeCommands } from './serve.ts';
import { registerTokenCommands } from './token.ts';

const program = new Command('jgg')
  .description('jgg: the Jira GraphQL Gateway')
  .version('0.1.0')
  .showHelpAfterError('(add --help for the options)');

registerServeCommands(program);
registerSandboxCommand(program);
registerDemoCommand(program);
registerIdentityCommands(program);
registerTokenCommands(program);

await program.parseAsync(process.argv);
