/**
 * The `sdf` command line (commander). Exit codes: 0 ok, 1 failure, 2 bad usage.
 * Each command lives in `commands/<name>.ts` and registers itself on the program.
 */
import { Command, CommanderError } from 'commander';
import { SdfError, UsageError, logger } from '../platform/index.ts';
import { COMMANDS } from './commands/index.ts';

export function makeProgram(): Command {
  const program = new Command('sdf')
    .description('Secure Data Facility: anonymised administrative data, an audited enclave and output checking')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  program.commands.forEach(function overrideExit(command: Command) {
    command.exitOverride();
    command.commands.forEach(overrideExit);
  });
  return program;
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof UsageError) return 2;
  return 1;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await makeProgram().parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    const code = exitCodeFor(error);
    if (!(error instanceof CommanderError)) {
      const message = error instanceof SdfError || error instanceof Error ? error.message : String(error);
      process.stderr.write(`sdf: ${message}\n`);
      if (code === 1) logger.debug({ err: error }, 'command failed');
    }
    return code;
  }
}
