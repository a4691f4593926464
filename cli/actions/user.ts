/** The work of `sdf user add|token|revoke-token|list` (see `commands/user.ts`). */
import { UsageError } from '../../platform/index.ts';
import {
  ROLES,
  createUser,
  inTransaction,
  issueToken,
  listUsers,
  recordEvent,
  revokeToken,
  type Role,
} from '../../enclave-api/index.ts';
import { withFacility } from '../facility.ts';

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new UsageError('--days must be a whole number from 1 to 3650');
  return days;
}

/** Adds a user with a first token (printed once on stdout); the audit entry commits with them. */
export async function add(options: { name: string; role: string; days: string }): Promise<void> {
  const role = parseRole(options.role);
  const days = parseDays(options.days);
  await withFacility(async ({ pool }) => {
    const { created, issued } = await inTransaction(pool, async (client) => {
      const newUser = await createUser(client, { name: options.name, role });
      const token = await issueToken(client, { userId: newUser.id, days });
      await recordEvent(client, null, 'cli.user.created', { userId: newUser.id, role, tokenId: token.tokenId });
      return { created: newUser, issued: token };
    });
    process.stderr.write(
      `user ${created.name} (${created.role}) id ${created.id}; token id ${issued.tokenId}, expires ${issued.expiresAt.toISOString()}\n`,
    );
    process.stdout.write(`${issued.token}\n`);
  });
}

/** Issues another token for a user (printed once). */
export async function issue(options: { name: string; days: string }): Promise<void> {
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
}

export async function revoke(tokenId: string): Promise<void> {
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
}

export async function list(): Promise<void> {
  await withFacility(async ({ pool }) => {
    for (const u of await listUsers(pool)) process.stdout.write(`${u.id}  ${u.role.padEnd(11)}  ${u.name}\n`);
  });
}
