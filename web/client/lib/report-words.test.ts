import { describe, expect, it } from 'vitest';
import { cellVerdicts, outcomeSentence, outputFromReport, plainReasons, type ReportLike } from './report-words.ts';

const report: ReportLike = {
  outcome: 'fail',
  findings: [{ verdict: 'review', rule: 'having', reason: 'HAVING filters on a count' }],
  cells: [
    {
      row: 0,
      column: 'n',
      group: { district: 'JHB' },
      stats: { value: 120 },
      verdict: 'pass',
      verdicts: [{ verdict: 'pass', rule: 'threshold', reason: '' }],
    },
    {
      row: 1,
      column: 'n',
      group: { district: 'CPT' },
      stats: { value: 4 },
      verdict: 'fail',
      verdicts: [{ verdict: 'fail', rule: 'threshold', reason: '4 people, fewer than 10' }],
    },
    { row: 1, column: 'n', group: { district: 'CPT' }, stats: { value: 4 }, verdict: 'review', verdicts: [] },
  ],
};

describe('check report in plain words', () => {
  it('prefers the report’s own reasons', () => {
    expect(plainReasons({ ...report, reasons: ['one', 'two'] })).toEqual(['one', 'two']);
  });

  it('builds reasons worst first from cells and findings when none are given', () => {
    expect(plainReasons(report)).toEqual([
      'row 2, column n (threshold): 4 people, fewer than 10',
      'having: HAVING filters on a count',
    ]);
  });

  it('has nothing to say about a missing report', () => {
    expect(plainReasons(null)).toEqual([]);
    expect(outcomeSentence(undefined)).toBe('Not checked yet.');
  });

  it('keeps the worst verdict of a cell for highlighting', () => {
    const at = cellVerdicts(report);
    expect(at(1, 'n')).toBe('fail');
    expect(at(0, 'n')).toBe('pass');
    expect(at(5, 'n')).toBeUndefined();
  });

  it('rebuilds the output table from the cells', () => {
    expect(outputFromReport(report)).toEqual({
      columns: ['district', 'n'],
      rows: [
        { district: 'JHB', n: 120 },
        { district: 'CPT', n: 4 },
      ],
    });
  });
});
