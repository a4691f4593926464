import { describe, it, expect } from 'vitest';
import { defineAsset, buildAssetGraph, descendants, formatAssetGraph } from './define.ts';
import { partitionRange, parsePartition, yesterdayUtc } from './partitions.ts';

const asset = (key: string, deps: string[] = []) =>
  defineAsset({ key, deps, partitions: 'daily', codeVersion: '1', checks: [], materialise: async () => ({}) });

describe('asset graph', () => {
  it('orders deps before dependants and finds the roots', () => {
    const graph = buildAssetGraph([
      asset('anon/a', ['raw/a', 'linked/spine']),
      asset('linked/spine', ['raw/a']),
      asset('raw/a'),
    ]);
    expect(graph.order).toEqual(['raw/a', 'linked/spine', 'anon/a']);
    expect(graph.roots).toEqual(['raw/a']);
    expect(descendants(graph, 'raw/a')).toEqual(['linked/spine', 'anon/a']);
  });

  it('gives assets with the longest chain of dependants the first job priority, leaves the last', () => {
    const graph = buildAssetGraph([
      asset('raw/a'),
      asset('raw/b'),
      asset('linked/spine', ['raw/a']),
      asset('anon/a', ['linked/spine']),
      asset('synthetic/a', ['anon/a']),
      asset('dash/b', ['raw/b']),
    ]);
    expect(Object.fromEntries(graph.priority)).toEqual({
      'raw/a': 0,
      'linked/spine': 1,
      'anon/a': 2,
      'synthetic/a': 3,
      'raw/b': 2,
      'dash/b': 3,
    });
  });

  it.each([
    ['a missing dep', [asset('anon/a', ['raw/missing'])], /depends on "raw\/missing", which is not declared/],
    ['a duplicate key', [asset('raw/a'), asset('raw/a')], /declared twice/],
    [
      'a cycle',
      [asset('x/a', ['x/c']), asset('x/b', ['x/a']), asset('x/c', ['x/b']), asset('x/root')],
      /cycle through x\/a → x\/c → x\/b → x\/a/,
    ],
    ['a self loop', [asset('x/a', ['x/a'])], /cycle through x\/a → x\/a/],
  ])('rejects %s', (_name, definitions, message) => {
    expect(() => buildAssetGraph(definitions)).toThrow(message);
  });

  it('rejects a malformed key and a check declared twice', () => {
    expect(() => asset('Anon Grants')).toThrow(/must look like/);
    const check = { name: 'k', blocking: true, run: async () => ({ verdict: 'pass' as const, reason: '' }) };
    expect(() =>
      defineAsset({
        key: 'a/b',
        deps: [],
        partitions: 'daily',
        codeVersion: '1',
        checks: [check, check],
        materialise: async () => ({}),
      }),
    ).toThrow(/check "k" twice/);
  });

  it('prints one line per asset with deps and blocking checks marked', () => {
    const text = formatAssetGraph(buildAssetGraph([asset('raw/a'), asset('anon/a', ['raw/a'])]));
    expect(text.split('\n')).toEqual(['raw/a (v1)', 'anon/a (v1) ← raw/a', '(* = blocking check)']);
  });
});

describe('partitions', () => {
  it.each([['2026-02-30'], ['2026-1-01'], [''], ['yesterday']])('rejects %j', (value) => {
    expect(() => parsePartition(value)).toThrow(/not a date/);
  });
  it('ranges inclusively across a month end and is empty when reversed', () => {
    expect(partitionRange('2026-01-30', '2026-02-01')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01']);
    expect(partitionRange('2026-02-01', '2026-01-31')).toEqual([]);
  });
  it('takes yesterday in UTC', () => {
    expect(yesterdayUtc(new Date('2026-03-01T00:30:00Z'))).toBe('2026-02-28');
  });
});
