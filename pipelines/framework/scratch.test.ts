import { describe, it, expect } from 'vitest';
import { hostToken } from '../../platform/index.ts';
import { extractScratchFile, isStale, scratchOwner, spillDirectory, type ScratchOwner } from './scratch.ts';

describe('scratch owners', () => {
  it.each([
    ['tmp', 'extract-employment-4242-1795482115396.csv', { kind: 'process', pid: 4242 }],
    ['tmp', 'extract-education-77-1795482115396.ndjson', { kind: 'process', pid: 77 }],
    ['tmp', 'duckdb-pipelines-4242', { kind: 'process', pid: 4242 }],
    ['tmp', 'synth-4242-9f3a0c1d', { kind: 'process', pid: 4242 }],
    [
      'tmp',
      'extract-uif_claims-4242-node_b_internal-1795482115396.csv',
      { kind: 'process', pid: 4242, host: 'node_b_internal' },
    ],
    ['tmp', 'duckdb-pipelines-4242-node_b', { kind: 'process', pid: 4242, host: 'node_b' }],
    ['tmp', 'synth-4242-node_b-9f3a0c1d', { kind: 'process', pid: 4242, host: 'node_b' }],
    ['raw', 'employment/dt=2026-11-23/part.parquet.12.tmp', { kind: 'materialisation', id: '12' }],
    ['raw', 'employment/dt=2026-11-23/part.parquet.12.tmp.checked', { kind: 'materialisation', id: '12' }],
    ['raw', 'linked/known_identifiers/dt=2026-11-23/31.parquet.tmp', { kind: 'materialisation', id: '31' }],
    ['staging', 'grants/2026-11-23-r5', { kind: 'run', id: '5' }],
    ['staging', 'grants/synthetic/2026-11-23-r5', { kind: 'run', id: '5' }],
  ] as const)('finds the owner of %s scratch %s', (area, path, owner) => {
    expect(scratchOwner(area, path)).toEqual(owner);
  });

  it.each([
    ['raw', 'employment/dt=2026-11-23/part.parquet'],
    ['raw', 'linked/known_identifiers/dt=2026-11-23/31.parquet'],
    ['tmp', 'duckdb-pipelines'],
    ['tmp', 'synthetic-check.parquet'],
    ['staging', 'grants'],
    ['staging', 'grants/synthetic'],
  ] as const)('leaves %s %s alone (not scratch)', (area, path) => {
    expect(scratchOwner(area, path)).toBeNull();
  });

  it('recognises the extract files and the spill folder this process writes as its own', () => {
    const written = [
      extractScratchFile({ tmp: '/home/tmp' }, 'uif_claims', 'csv'),
      extractScratchFile({ tmp: '/home/tmp' }, 'education', 'ndjson'),
      spillDirectory({ tmp: '/home/tmp' }),
    ];
    for (const path of written)
      expect(scratchOwner('tmp', path.slice('/home/tmp/'.length))).toEqual({
        kind: 'process',
        pid: process.pid,
        host: hostToken(),
      });
  });

  describe('isStale', () => {
    const live = { runs: new Set(['5']), materialisations: new Set(['12']) };
    const here = { host: 'node_a', pid: 100, alive: (pid: number) => pid === 200 };
    it.each([
      [{ kind: 'process', pid: 300, host: 'node_a' }, true, 'a dead process on this machine'],
      [{ kind: 'process', pid: 300 }, true, 'a dead process named before machines were (taken as this machine)'],
      [{ kind: 'process', pid: 200, host: 'node_a' }, false, 'a live process on this machine'],
      [{ kind: 'process', pid: 100, host: 'node_a' }, false, 'this process'],
      [{ kind: 'process', pid: 300, host: 'node_b' }, false, "another machine's process, whatever its pid says here"],
      [{ kind: 'run', id: '5' }, false, 'a running run'],
      [{ kind: 'run', id: '4' }, true, 'a finished or superseded run'],
      [{ kind: 'materialisation', id: '12' }, false, 'a materialisation in progress'],
      [{ kind: 'materialisation', id: '11' }, true, 'a materialisation no longer running'],
    ] as Array<[ScratchOwner, boolean, string]>)('%o is stale: %s (%s)', (owner, stale) => {
      expect(isStale(owner, live, here)).toBe(stale);
    });
  });
});
