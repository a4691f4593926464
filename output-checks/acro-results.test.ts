import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, acroResultsFolder, makeZip, readZip, type CheckReport, type CheckedCell } from './index.ts';
import { acroOutcome, acroSdc } from './acro-results.ts';

const cell = (row: number | null, column: string, rules: string[], absent = false): CheckedCell => ({
  row,
  column,
  group: {},
  ...(absent ? { absent } : {}),
  stats: { kind: 'count', persons: 3 },
  verdict: rules.length > 0 ? 'fail' : 'pass',
  verdicts: rules.map((rule) => ({ verdict: 'fail' as const, rule, reason: rule })),
});
const REPORT: CheckReport = {
  outcome: 'fail',
  reasons: ['fail · threshold · column n, row 2'],
  shape: 'aggregate',
  profile: DEFAULT_PROFILE,
  cells: [cell(0, 'n', []), cell(1, 'n', ['threshold', 'zeros']), cell(null, 'n', ['zeros'], true)],
  columns: [],
  findings: [{ verdict: 'review', rule: 'having', reason: 'HAVING' }],
  checkedAt: '2026-12-01T00:00:00.000Z',
};

describe("ACRO's results format", () => {
  it('counts cells per rule and places the printed ones by [row, column index], as ACRO’s sdc block', () => {
    expect(acroSdc(REPORT, ['province', 'n'])).toEqual({
      summary: { threshold: 1, zeros: 2, having: 1 },
      cells: { threshold: [[1, 1]], zeros: [[1, 1]], having: [] },
    });
  });

  it('writes the outcome table column → row → "rule; " or "ok"', () => {
    expect(acroOutcome(REPORT)).toEqual({ n: { 0: 'ok', 1: 'threshold; zeros; ' } });
  });

  it('zips the folder and reads it back', () => {
    const folder = acroResultsFolder({
      requestId: 'r',
      queryId: 'q',
      sql: 'select 1',
      justification: 'for table 2',
      protection: {},
      report: REPORT,
      columns: ['province', 'n'],
      csv: 'province,n\nGP,20\n',
    });
    const files = readZip(makeZip(folder));
    expect([...files.keys()]).toEqual([
      'results.json',
      'output_0_0.csv',
      'config.json',
      'checksums/output_0_0.csv.txt',
      'checksums/results.json.txt',
    ]);
    const results = JSON.parse(files.get('results.json')!.toString('utf8'));
    expect(results.results.output_0).toMatchObject({
      status: 'fail',
      exception: 'for table 2',
      command: 'select 1',
      files: [{ name: 'output_0_0.csv' }],
    });
    expect(files.get('output_0_0.csv')!.toString('utf8')).toBe('province,n\nGP,20\n');
  });

  it.each(['../x', '/etc/passwd', 'a/../../b', 'a b'])('refuses the unsafe entry name %s', (name) => {
    expect(() => makeZip([{ name, data: '' }])).toThrow(/unsafe/);
  });
});
