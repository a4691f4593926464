import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { deriveKey, loadOrCreateMasterKey, registerPseudonymFunction } from './index.ts';
import { canonicaliseId, hmacPseudonym, hmacSha256Hex, hmacSha256Sql } from './pseudonym.ts';

// RFC 4231 test cases 1, 2, 3, 4 and 6 (HMAC-SHA-256 column).
const RFC_4231 = [
  [
    '0b'.repeat(20),
    Buffer.from('Hi There').toString('hex'),
    'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  ],
  [
    Buffer.from('Jefe').toString('hex'),
    Buffer.from('what do ya want for nothing?').toString('hex'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  ],
  ['aa'.repeat(20), 'dd'.repeat(50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
  [
    '0102030405060708090a0b0c0d0e0f10111213141516171819',
    'cd'.repeat(50),
    '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  ],
  [
    'aa'.repeat(131),
    Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex'),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  ],
] as const;

describe('HMAC-SHA-256', () => {
  it.each(RFC_4231)('matches RFC 4231 in TypeScript for key %s', (key, data, mac) => {
    expect(hmacSha256Hex(Buffer.from(key, 'hex'), Buffer.from(data, 'hex'))).toBe(mac);
  });

  it('matches RFC 4231 when computed in DuckDB SQL', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    for (const [key, data, mac] of RFC_4231) {
      const reader = await connection.runAndReadAll(
        `SELECT ${hmacSha256Sql(`unhex('${data}')`, Buffer.from(key, 'hex'))}`,
      );
      expect(reader.getRows()[0]?.[0]).toBe(mac);
    }
  });
});

describe('pseudonyms', () => {
  const key = deriveKey(Buffer.alloc(32, 7), 'person_id');

  it('canonicalises ID numbers to digits and text to trimmed lower case', () => {
    expect(canonicaliseId(' 800101 5009 087 ')).toBe('8001015009087');
    expect(canonicaliseId('  Thandi   MOKOENA ', 'text')).toBe('thandi mokoena');
  });

  it('gives 128-bit hex pseudonyms that ignore formatting and depend on the key purpose', () => {
    const a = hmacPseudonym(key, '8001015009087');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(hmacPseudonym(key, '800101-5009-087')).toBe(a);
    expect(hmacPseudonym(deriveKey(Buffer.alloc(32, 7), 'household_id'), '8001015009087')).not.toBe(a);
  });

  it('computes the same pseudonyms in the DuckDB macro as in TypeScript', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await registerPseudonymFunction(connection, key);
    await registerPseudonymFunction(connection, key, 'pseudonym_text', 'text');
    const reader = await connection.runAndReadAll(
      `SELECT pseudonym('800101 5009087'), pseudonym(8001015009087), pseudonym_text(' Ünïcode  Name'), pseudonym(NULL)`,
    );
    expect(reader.getRows()[0]).toEqual([
      hmacPseudonym(key, '8001015009087'),
      hmacPseudonym(key, '8001015009087'),
      hmacPseudonym(key, 'ünïcode name', 'text'),
      null,
    ]);
  });
});

describe('master key', () => {
  const scratch: string[] = [];
  const keyDir = () => {
    scratch.push(mkdtempSync(join(tmpdir(), 'sdf-keys-')));
    return join(scratch.at(-1)!, 'keys');
  };
  afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('creates a 0600 key file once and reads the same key back', () => {
    const keys = keyDir();
    const first = loadOrCreateMasterKey({ keys });
    expect(first.length).toBe(32);
    expect(statSync(join(keys, 'master.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateMasterKey({ keys }).equals(first)).toBe(true);
  });

  it('refuses a key file others can read and prefers SDF_MASTER_KEY', () => {
    const keys = keyDir();
    loadOrCreateMasterKey({ keys });
    chmodSync(join(keys, 'master.key'), 0o644);
    expect(() => loadOrCreateMasterKey({ keys })).toThrow(/chmod 600/);
    expect(loadOrCreateMasterKey({ keys }, 'ab'.repeat(32)).toString('hex')).toBe('ab'.repeat(32));
  });
});
