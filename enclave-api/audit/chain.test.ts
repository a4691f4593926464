import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, chainEntry, verifyEntries, type AuditEntry, type AuditEvent } from './chain.ts';

const event = (status: number): AuditEvent => ({
  userId: 'u1',
  tokenId: 't1',
  method: 'GET',
  route: '/api/v1/me',
  projectId: null,
  sqlHash: null,
  datasets: ['grants'],
  status,
  bytes: 10,
  durationMs: 1.23456,
  details: { b: 1, a: 2 },
});

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i += 1)
    entries.push(chainEntry(event(200 + i), entries.at(-1) ?? null, new Date(1_700_000_000_000 + i)));
  return entries;
}

describe('audit hash chain', () => {
  it('starts from the genesis hash and numbers entries from 1', () => {
    const [first] = chain(1);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
  });

  it('passes an untouched chain', () => {
    expect(verifyEntries(chain(5))).toMatchObject({ verdict: 'pass', checked: 5 });
  });

  it('passes an empty chain', () => {
    expect(verifyEntries([])).toMatchObject({ verdict: 'pass', checked: 0, headHash: GENESIS_HASH });
  });

  it.each([
    ['status', (e: AuditEntry) => ({ ...e, status: 500 })],
    ['user', (e: AuditEntry) => ({ ...e, userId: 'someone-else' })],
    ['datasets', (e: AuditEntry) => ({ ...e, datasets: [] })],
    ['time', (e: AuditEntry) => ({ ...e, at: new Date(0).toISOString() })],
  ])('fails when an entry’s %s is edited', (_field, edit) => {
    const entries = chain(4);
    entries[2] = edit(entries[2]!);
    expect(verifyEntries(entries)).toMatchObject({ verdict: 'fail', reason: 'edited', seq: 3 });
  });

  it('fails when an entry is deleted', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    expect(verifyEntries(entries)).toMatchObject({ verdict: 'fail', reason: 'deleted_or_reordered', seq: 2 });
  });

  it('fails when the first entry is deleted', () => {
    expect(verifyEntries(chain(3).slice(1))).toMatchObject({ verdict: 'fail', reason: 'deleted_or_reordered', seq: 1 });
  });

  it('fails when an entry is re-linked to another predecessor', () => {
    const entries = chain(3);
    entries[2] = { ...entries[2]!, prevHash: entries[0]!.hash };
    expect(verifyEntries(entries)).toMatchObject({ verdict: 'fail', reason: 'broken_link', seq: 3 });
  });

  it('hashes objects independently of key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(canonicalJson({ a: [{ c: 2, d: 1 }], b: 1 }));
  });
});
