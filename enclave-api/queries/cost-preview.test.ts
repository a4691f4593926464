import { describe, expect, it } from 'vitest';
import { estimateCost, reviewPath, type PreviewRelease } from './cost-preview.ts';

const release = (rows: number, twinRows: number | null): PreviewRelease => ({
  dataset: 'd',
  version: 'v1',
  versionId: '1',
  rows,
  twinRows,
});

describe('estimateCost', () => {
  it.each([
    // releases, twin ms, rows scanned, real ms
    [[release(1000, 100)], 50, 1000, 500],
    [[release(1000, 100), release(3000, 100)], 20, 4000, 400],
    [[release(100, 100)], 30, 100, 30],
    // a twin larger than the release never scales the time down
    [[release(50, 100)], 30, 50, 30],
    [[release(1000, null)], 30, 1000, 30],
    [[release(1000, 100)], null, 1000, null],
    [[], 10, 0, null],
  ])('%j with a %s ms twin run scans %i rows in about %s ms', (releases, twinMs, rows, realMs) => {
    const got = estimateCost(releases, twinMs);
    expect(got.rowsScanned).toBe(rows);
    expect(got.realRunMs).toBe(realMs);
  });
});

describe('reviewPath', () => {
  const project = (autoReleasePass: boolean, requiresTwoCustodians: boolean) => ({
    autoReleasePass,
    requiresTwoCustodians,
  });
  it.each([
    ['aggregate', [], project(false, true), true, 'two_custodians'],
    ['group', [], project(false, false), true, 'one_custodian'],
    ['group', [], project(true, true), true, 'auto_release'],
    ['group', ['HAVING hides rows'], project(true, true), false, 'two_custodians'],
    ['row-level', [], project(true, false), false, 'one_custodian'],
    ['unanalysable', ['window functions are not analysed'], project(false, true), false, 'two_custodians'],
  ] as const)('a %s query with reasons %j in %j: automatic %s, %s', (shape, reasons, settings, automatic, release) => {
    const got = reviewPath({ shape, reasons }, settings);
    expect(got.automatic).toBe(automatic);
    expect(got.release).toBe(release);
  });

  it('says why a row-level output goes nowhere automatic', () => {
    expect(reviewPath({ shape: 'row-level', reasons: [] }, project(false, true)).reasons.join()).toMatch(/GROUP BY/);
  });
});
