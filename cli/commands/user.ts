import type { Command } from 'commander';

/**
 * The enclave's roles as the help lists them: kept here so `sdf --help` need not load the enclave
 * (test/cli-commands.test.ts checks they equal the enclave's `ROLES`).
 */
export const ROLE_NAMES = ['researcher', 'custodian', 'policymaker', 'admin'] as const;

export function registerUser(program: Command): void {
  const user = program.command('user').description('people and their API tokens');
  const actions = () => import('../actions/user.ts');

  user
    .command('add')
    .description('add a user and print their API token (shown only this once)')
    .requiredOption('--name <name>', 'unique user name')
    .requiredOption('--role <role>', `one of ${ROLE_NAMES.join(', ')}`)
    .option('--days <days>', 'token lifetime in days', '90')
    .action(async (options: { name: string; role: string; days: string }) => (await actions()).add(options));

  user
    .command('token')
    .description('issue another token for a user (printed once)')
    .requiredOption('--name <name>', 'user name')
    .option('--days <days>', 'token lifetime in days', '90')
    .action(async (options: { name: string; days: string }) => (await actions()).issue(options));

  user
    .command('revoke-token <tokenId>')
    .description('revoke an API token by its id')
    .action(async (tokenId: string) => (await actions()).revoke(tokenId));

  user
    .command('list')
    .description('list users')
    .action(async () => (await actions()).list());
}
