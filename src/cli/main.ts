// The `jgg` command: one subcommand per module in this folder.
import { Command } from 'commander';

type Register = (program: Command) => void;

// Each module is loaded only when its command runs: `jgg token list` need not
// load the GraphQL server or the sandbox's data generator, which took most of
// its start-up time (seconds per command in scripts and CI).
const registrars: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve.ts')).registerServeCommands,
  migrate: async () => (await import('./serve.ts')).registerServeCommands,
  sandbox: async () => (await import('./sandbox.ts')).registerSandboxCommand,
  demo: async () => (await import('./demo.ts')).registerDemoCommand,
  identity: async () => (await import('./identity.ts')).registerIdentityCommands,
  token: async () => (await import('./token.ts')).registerTokenCommands,
};

const program = new Command('jgg')
  .description('jgg: the Jira GraphQL Gateway')
  .version('0.1.0')
  .showHelpAfterError('(add --help for the options)');

const named = process.argv[2];
const registrar = named === undefined ? undefined : registrars[named];
// `jgg --help`, `jgg --version` and an unknown command load them all, so help
// lists every command and a misspelt one gets commander's suggestion.
const toRegister = registrar ? [registrar] : [...new Set(Object.values(registrars))];
const registers = await Promise.all(toRegister.map((load) => load()));
for (const register of new Set(registers)) register(program);

await program.parseAsync(process.argv);
