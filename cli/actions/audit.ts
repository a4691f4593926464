/** The work of `sdf audit verify|list` (see `commands/audit.ts`). */
import { SdfError } from '../../platform/index.ts';
import { listAudit, verifyAudit } from '../../enclave-api/index.ts';
import { withFacility } from '../facility.ts';

/** Checks the hash chain; a broken chain is a failure (exit 1) naming the first bad entry. */
export async function verify(): Promise<void> {
  await withFacility(async ({ pool }) => {
    const verdict = await verifyAudit(pool);
    if (verdict.verdict === 'fail') {
      throw new SdfError(
        'audit_broken',
        `audit chain broken at entry ${verdict.seq} (${verdict.reason}); ${verdict.checked} entries before it verified`,
        500,
      );
    }
    process.stdout.write(`audit chain intact: ${verdict.checked} entries, head ${verdict.headHash}\n`);
  });
}

/** Prints the latest entries (default 20, at most 1000) as JSON lines. */
export async function list(options: { limit: string }): Promise<void> {
  await withFacility(async ({ pool }) => {
    const entries = await listAudit(pool, { limit: Math.min(1000, Math.max(1, Number(options.limit) || 20)) });
    for (const entry of entries) process.stdout.write(`${JSON.stringify(entry)}\n`);
  });
}
