import type { Command } from 'commander';
import { UsageError } from '../../platform/index.ts';
import { ROLES, createUser, inTransaction, issueToken, listUsers, recordEvent, revokeToken, type Role } from '../../enclave-api/index.ts';
import { withFacility } from '../facility.ts';

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError('--days must be a whole number from 1 to 3650');
  return days;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('people and their API tokens');

  user
    .command('add')
    .description('add a user and print their API token (shown only this once)')
    .requiredOption('--name <name>', 'unique user name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--days <days>', 'token lifetime in days', '90')
    .action(async (options: { name: string; role: string; days: string }) => {
      const role = parseRole(options.role);
      const days = parseDays(options.days);
      await withFacility(async ({ pool }) => {
        const { created, issued } = await inTransaction(pool, async (client) => {
          const newUser = await createUser(client, { name: options.name, role });
          const token = await issueToken(client, { userId: newUser.id, days });
          await recordEvent(client, null, 'cli.user.created', { userId: newUser.id, role, tokenId: token.tokenId });
          return { created: newUser, issued: token };
        });
        process.stderr.write(`user ${created.name} (${created.role}) id ${created.id}; token id ${issued.tokenId}, expires ${issued.expiresAt.toISOString()}\n`);
        process.stdout.write(`${issued.token}\n`);
      });
    });

  user
    .command('token')
    .description('issue another token for a user (printed once)')
    .requiredOption('--name <name>', 'user name')
    .option('--days <days>', 'token lifetime in days', '90')
    .action(async (options: { name: string; days: string }) => {
      const days = parseDays(options.days);
      await withFacility(async ({ pool }) => {
        const found = (await listUsers(pool)).find((u) => u.name === options.name);
        if (!found) throw new UsageError(`no user named "${options.name}"`);
        const issued = await inTransaction(pool, async (client) => {
          const token = await issueToken(client, { userId: found.id, days });
          await recordEvent(client, null, 'cli.token.issued', { userId: found.id, tokenId: token.tokenId });
          return token;
        });
        process.stderr.write(`token id ${issued.tokenId}, expires ${issued.expiresAt.toISOString()}\n`);
        process.stdout.write(`${issued.token}\n`);
      });
    });

  user
    .command('revoke-token <tokenId>')
    .description('revoke an API token by its id')
    .action(async (tokenId: string) => {
      await withFacility(async ({ pool }) => {
        if (!/^[0-9a-f-]{36}$/i.test(tokenId)) throw new UsageError(`no token ${tokenId}`);
        const revoked = await inTransaction(pool, async (client) => {
          const done = await revokeToken(client, tokenId);
          if (done) await recordEvent(client, null, 'cli.token.revoked', { tokenId });
          return done;
        });
        if (!revoked) throw new UsageError(`no token ${tokenId}`);
        process.stdout.write(`revoked ${tokenId}\n`);
      });
    });

  user
    .command('list')
    .description('list users')
    .action(async () => {
      await withFacility(async ({ pool }) => {
        for (const u of await listUsers(pool)) process.stdout.write(`${u.id}  ${u.role.padEnd(11)}  ${u.name}\n`);
      });
    });
}
