/**
 * SQL-aware contributor counting end to end on an in-process DuckDB: the companion query sees the true persons
 * behind every printed cell whatever the researcher printed (aliases, HAVING, CASE).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDuckChecker } from './duckdb-checker.ts';
import {
  DEFAULT_PROFILE,
  checkQueryOutput,
  deriveCompanionQuery,
  releasedCellsDifferencing,
  populationsOf,
  type CheckReport,
  type DatasetView,
  type ReleasedCell,
} from '../output-checks/index.ts';

const DATASETS: DatasetView[] = [
  { name: 'grants', pseudonymColumn: 'person_id', identifierColumns: ['id_number'] },
  { name: 'claims', pseudonymColumn: 'person_id' },
];

// GP: 50 persons × 2 rows; WC: 40 persons, one with a huge amount; NC: 3 persons × 4 rows; FS: 7 persons × 1 row.
const FIXTURE = `
  create table grants as
  select 'gp' || i as person_id, 'id' || i as id_number, 'GP' as province, 100.0 as amount, i % 2 as flag
    from range(50) t(i), range(2) r(j)
  union all select 'wc' || i, 'idw' || i, 'WC', case when i = 0 then 100000.0 else 100.0 end, i % 2 from range(40) t(i)
  union all select 'nc' || i, 'idn' || i, 'NC', 50.0, 1 from range(3) t(i), range(4) r(j)
  union all select 'fs' || i, 'idf' || i, 'FS', 70.0, 0 from range(7) t(i);
  -- claims: A has 20 persons paid 100 + 50, one of whom had 30 clawed back (a row of -30, net 70 > 0);
  -- B has 5 persons whose amount is NULL; C has 12 persons paid 10 + i.
  create table claims as
  select 'a' || i as person_id, 'A' as grp, case when i = 0 and j = 1 then -30.0 when j = 1 then 50.0 else 100.0 end as amount
    from range(20) t(i), range(2) r(j)
  union all select 'b' || i, 'B', NULL from range(5) t(i)
  union all select 'c' || i, 'C', 10.0 + i from range(12) t(i)`;

const { run, check } = useDuckChecker(FIXTURE, DATASETS);

const failingGroups = (report: CheckReport) =>
  [...new Set(report.cells.filter((c) => c.verdict === 'fail').map((c) => Object.values(c.group).join('/')))].sort();

describe('the true verdict whatever the researcher printed', () => {
  it('fails a count of 12 rows that comes from 3 persons', async () => {
    const report = await check('select province, count(*) as n from grants group by province');
    expect(report.outcome).toBe('fail');
    expect(failingGroups(report)).toEqual(['FS', 'NC']);
    expect(report.cells.find((c) => c.group.province === 'NC')?.stats.persons).toBe(3);
  });

  it('fails count(*) printed under an innocent alias and by position', async () => {
    const report = await check('select province as region, count(*) as households from grants group by 1');
    expect(failingGroups(report)).toEqual(['FS', 'NC']);
  });

  it('fails a small group HAVING lets through on rows, and reviews the group it hides', async () => {
    const report = await check(
      'select province, count(*) as people from grants group by province having count(*) >= 10',
    );
    expect(report.outcome).toBe('fail');
    expect(failingGroups(report)).toEqual(['NC']);
    const hidden = report.cells.find((c) => c.group.province === 'FS');
    expect(hidden?.row).toBeNull();
    expect(hidden?.verdict).toBe('review');
    expect(report.findings.map((f) => f.rule)).toContain('having');
  });

  it('never passes an output whose small group HAVING hid', async () => {
    const report = await check(
      "select province, count(*) as n from grants where province in ('GP', 'FS') group by province having count(*) > 9",
    );
    expect(report.outcome).toBe('review');
  });

  it('fails a count masked by CASE', async () => {
    const report = await check(
      'select province, case when count(*) < 10 then 10 else count(*) end as n from grants group by province',
    );
    expect(failingGroups(report)).toEqual(['FS', 'NC']);
  });

  it('fails a count of a small group disguised as a sum of CASE', async () => {
    const report = await check(
      "select sum(case when province = 'FS' then 1 else 0 end) as fs, count(*) as everyone from grants",
    );
    expect(report.outcome).toBe('fail');
    expect(report.cells.find((c) => c.column === 'fs')?.stats.persons).toBe(7);
    expect(report.cells.find((c) => c.column === 'everyone')?.verdict).toBe('pass');
  });

  it('fails a FILTER clause that counts a small group', async () => {
    const report = await check("select count(*) filter (where province = 'NC') as nc from grants");
    expect(report.cells[0]?.stats.persons).toBe(3);
    expect(report.outcome).toBe('fail');
  });

  it('passes a table of large groups', async () => {
    const report = await check(
      "select province, count(*) as n, count(distinct person_id) as people from grants where province in ('GP', 'WC') group by all",
    );
    expect(report.outcome).toBe('pass');
    expect(report.columns.find((c) => c.column === 'n')?.minPersons).toBe(40);
  });

  it('fails a sum dominated by one person', async () => {
    const report = await check(
      "select province, sum(amount) as total from grants where province = 'WC' group by province",
    );
    expect(report.cells[0]?.verdicts.map((v) => v.rule)).toContain('dominance');
    expect(report.outcome).toBe('fail');
  });

  it('reviews a max of a large group and fails the max of a small one', async () => {
    const report = await check(
      "select province, max(amount) as top from grants where province in ('GP', 'FS') group by province",
    );
    expect(report.cells.find((c) => c.group.province === 'GP')?.verdict).toBe('review');
    expect(report.cells.find((c) => c.group.province === 'FS')?.verdict).toBe('fail');
  });

  it('fails the outlier bin of a histogram', async () => {
    const report = await check(
      "select floor(amount / 1000) * 1000 as bin, count(*) as n from grants where province = 'WC' group by 1 order by 1",
    );
    const failing = report.cells.filter((c) => c.verdict === 'fail');
    expect(failing.map((c) => Object.values(c.group)[0])).toEqual([100000]);
    expect(failing[0]?.stats.persons).toBe(1);
  });

  it('fails a standard deviation of 7 persons on degrees of freedom', async () => {
    const report = await check("select stddev(amount) as sd from grants where province = 'FS'");
    expect(report.cells[0]?.verdicts.map((v) => v.rule)).toContain('dof');
  });

  it('fails a SELECT of pseudonyms and a row-level extract', async () => {
    expect((await check('select person_id from grants')).outcome).toBe('fail');
    expect((await check('select province, amount from grants')).findings[0]?.rule).toBe('row-level');
    expect((await check('select province, person_id, count(*) from grants group by all')).outcome).toBe('fail');
    expect(
      (await check('select province, string_agg(person_id) as who from grants group by province')).findings[0]?.rule,
    ).toBe('row-level');
    expect((await check('select province, max(id_number) as last_id from grants group by province')).outcome).toBe(
      'fail',
    );
  });

  it('checks SELECT DISTINCT categories on the persons behind each', async () => {
    const report = await check('select distinct province from grants');
    expect(failingGroups(report)).toEqual(['FS', 'NC']);
  });

  it.each([
    ['a window function', 'select province, count(*) over (partition by province) as n from grants'],
    ['a UNION', "select count(*) from grants union all select count(*) from grants where province = 'NC'"],
    ['a subquery in FROM that loses the person', 'select count(*) from (select distinct province from grants) p'],
    [
      'a derived table that aggregates across persons',
      'with t as (select province, count(*) as n from grants group by province) select sum(n) from t',
    ],
    ['a derived table without the pseudonym', 'select count(*) as n from (select province from grants) p'],
    ['ROLLUP', 'select province, count(*) from grants group by rollup (province)'],
  ])('sends %s to review, never to pass', async (_name, sql) => {
    const report = await check(sql);
    expect(report.outcome).toBe('review');
    expect(report.findings.some((f) => f.rule === 'shape')).toBe(true);
  });
});

describe('differencing against released cells', () => {
  async function release(sql: string): Promise<ReleasedCell[]> {
    const companion = await deriveCompanionQuery(sql, DATASETS);
    const rows = (await run(companion.sql!)).rows;
    return populationsOf(companion, rows).map((p, i) => ({ ...p, id: `released-${i}` }));
  }

  async function checkAgainst(released: ReleasedCell[], sql: string) {
    const result = await run(sql);
    const differencing = releasedCellsDifferencing(released, run, DEFAULT_PROFILE.threshold);
    return (
      await checkQueryOutput({ sql, datasets: DATASETS, result, runSql: run, profile: DEFAULT_PROFILE, differencing })
    ).report;
  }

  it('fails two outputs that difference to one person', async () => {
    const released = await release("select count(*) as n from grants where province = 'GP'");
    const report = await checkAgainst(
      released,
      "select count(*) as n from grants where province = 'GP' and person_id <> 'gp1'",
    );
    expect(report.outcome).toBe('fail');
    expect(report.findings.find((f) => f.rule === 'differencing')?.reason).toMatch(/by 1 person/);
  });

  it('fails a grouped table that differs from a released one by a few persons in one group', async () => {
    const released = await release(
      "select province, count(*) as n from grants where province in ('GP', 'WC') group by province",
    );
    const report = await checkAgainst(
      released,
      "select province, count(*) as n from grants where province in ('GP', 'WC') and person_id not in ('wc1', 'wc2') group by province",
    );
    expect(report.findings.filter((f) => f.rule === 'differencing').length).toBe(1);
    expect(report.outcome).toBe('fail');
  });

  it('passes an output far from every released cell, and the very same cell again', async () => {
    const released = await release("select count(*) as n from grants where province = 'GP'");
    expect((await checkAgainst(released, "select count(*) as n from grants where province = 'WC'")).outcome).toBe(
      'pass',
    );
    expect((await checkAgainst(released, "select count(*) as n from grants where province = 'GP'")).outcome).toBe(
      'pass',
    );
  });
});

describe('query shapes at the edges', () => {
  it('treats table and pseudonym names case-insensitively, as DuckDB does', async () => {
    const report = await check('select PERSON_ID from GRANTS');
    expect(report.findings[0]?.reason).toMatch(/PERSON_ID/);
    expect(report.outcome).toBe('fail');
  });

  it('does not hold a top-N table for the groups its LIMIT cut', async () => {
    const report = await check(
      "select province, count(*) as n from grants where province in ('GP', 'WC') group by province order by n desc limit 1",
    );
    expect(report.outcome).toBe('pass');
    expect(report.cells.find((c) => c.row === null)?.verdicts[0]?.rule).toBe('not-printed');
  });

  it('fails an empty selection as a zero cell', async () => {
    const report = await check("select count(*) as n from grants where province = 'nowhere'");
    expect(report.outcome).toBe('fail');
    expect(report.cells[0]?.verdicts[0]?.rule).toBe('zeros');
  });

  it('counts persons across a self-join by the first table’s pseudonym', async () => {
    const report = await check(
      "select a.province, count(*) as pairs from grants a join grants b on a.person_id = b.person_id where a.province = 'NC' group by a.province",
    );
    expect(report.cells[0]?.stats.persons).toBe(3);
    expect(report.outcome).toBe('fail');
  });
});

describe('negative rows and NULL values', () => {
  it('reviews a sum with a clawback row although every person nets above zero', async () => {
    const report = await check("select grp, sum(amount) as total from claims where grp = 'A' group by grp");
    expect(report.cells[0]?.stats.minContribution).toBe(70);
    expect(report.cells[0]?.stats.minRow).toBe(-30);
    expect(report.cells[0]?.verdicts.map((v) => v.rule)).toEqual(['negative']);
    expect(report.outcome).toBe('review');
  });

  it('fails a mean over a cell of 5 persons whose values are all NULL on the threshold', async () => {
    const report = await check(
      "select grp, avg(amount) as mean, count(*) as n from claims where grp in ('B', 'C') group by grp",
    );
    const b = report.cells.find((c) => c.group.grp === 'B' && c.column === 'mean');
    expect(b?.stats.persons).toBe(0);
    expect(b?.stats.cellPersons).toBe(5);
    expect(b?.verdicts.map((v) => v.rule)).toContain('threshold');
    expect(b?.verdict).toBe('fail');
  });
});

describe('empty cells and class disclosure across keys', () => {
  it('fails a two-way table for the combination it does not print', async () => {
    const report = await check(
      "select province, flag, count(*) as n from grants where province in ('GP', 'WC') and not (province = 'WC' and flag = 1) group by all",
    );
    const absent = report.cells.filter((c) => c.absent);
    expect(absent.map((c) => c.group)).toEqual([{ province: 'WC', flag: '1' }]); // BIGINT keys come back as JSON text
    expect(absent[0]).toMatchObject({ row: null, column: 'n', verdict: 'fail' });
    expect(report.outcome).toBe('fail');
  });

  it('passes a full two-way table of large cells', async () => {
    const report = await check(
      "select province, flag, count(*) as n from grants where province in ('GP', 'WC') group by all",
    );
    expect(report.cells.filter((c) => c.absent)).toEqual([]);
    expect(report.outcome).toBe('pass');
  });

  it('finds class disclosure between the first and a middle key, not only the first and the last', async () => {
    // NC's 3 persons all have flag 1; first against last (province, big) would not see it.
    const report = await check(
      "select province, flag, amount > 60 as big, count(*) as n from grants where province in ('GP', 'WC', 'NC') group by all",
    );
    const classes = report.findings.filter((f) => f.rule === 'class-disclosure');
    expect(classes.map((f) => f.reason)).toContainEqual(
      expect.stringMatching(/^everyone in province = NC \(by flag\)/),
    );
  });

  it('reviews districts within provinces as a hierarchy instead of failing their structural zeros', async () => {
    const report = await check(
      "select case when province in ('GP', 'WC') then 'south' else 'north' end as region, province, count(*) as n " +
        "from grants where province in ('GP', 'WC', 'NC', 'FS') group by all",
    );
    expect(report.cells.filter((c) => c.absent)).toEqual([]);
    expect(report.findings.map((f) => f.rule)).toContain('hierarchy');
    expect(report.findings.filter((f) => f.rule === 'class-disclosure')).toEqual([]);
  });
});

describe('a companion that misses printed rows', () => {
  it('reviews printed rows it cannot match to persons', async () => {
    const sql = "select province, count(*) as n from grants where province in ('GP', 'WC') group by province";
    const result = await run(sql);
    const truncated = async (companionSql: string) => {
      const all = await run(companionSql);
      return { ...all, rows: all.rows.slice(0, 1) };
    };
    const { report } = await checkQueryOutput({
      sql,
      datasets: DATASETS,
      result,
      runSql: truncated,
      profile: DEFAULT_PROFILE,
    });
    expect(report.outcome).toBe('review');
    expect(report.findings.map((f) => f.rule)).toContain('companion');
  });
});

describe('WITH and subqueries in FROM that keep the person', () => {
  it('follows the pseudonym through a CTE', async () => {
    const report = await check("with g as (select * from grants where province = 'NC') select count(*) as n from g");
    expect(report.cells[0]?.stats.persons).toBe(3);
    expect(report.outcome).toBe('fail');
  });

  it('checks an outer aggregate over per-person totals', async () => {
    const report = await check(
      'with per_person as (select person_id, province, sum(amount) as s from grants group by all) ' +
        'select province, count(*) as people, avg(s) as mean from per_person group by province',
    );
    // GP's 50 persons each total 200: the mean tells each their own value (all values the same), which fails.
    expect(failingGroups(report)).toEqual(['FS', 'GP', 'NC', 'WC']);
    expect(
      report.cells.find((c) => c.group.province === 'GP' && c.column === 'mean')?.verdicts.map((v) => v.rule),
    ).toEqual(['same-values']);
    const wc = report.cells.find((c) => c.group.province === 'WC' && c.column === 'mean');
    expect(wc?.verdicts.map((v) => v.rule)).toContain('dominance');
    expect(report.cells.find((c) => c.group.province === 'GP' && c.column === 'people')?.stats.persons).toBe(50);
  });

  it('follows a renamed pseudonym through a subquery, and fails printing it', async () => {
    const grouped = await check(
      'select province, count(*) as n from (select person_id as who, province from grants where amount > 0) t group by province',
    );
    expect(failingGroups(grouped)).toEqual(['FS', 'NC']);
    expect((await check('select who from (select person_id as who from grants) t')).findings[0]?.rule).toBe(
      'row-level',
    );
  });
});
