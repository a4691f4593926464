/**
 * The synthetic registries against the facts they must get right: valid IDs, Stats SA shares, eligibility,
 * the labour market, health drops, education by age and about 0.5 % dirty rows that the summary accounts for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGE_PYRAMID,
  DISTRICTS,
  GRANT_TYPES,
  HEALTH_CSV_HEADER,
  HEALTH_DAYS,
  HEALTH_PROGRAMMES,
  ICD10_CODES,
  LOCAL_MUNICIPALITIES,
  POPULATION_GROUPS,
  PROVINCES,
  SIC_SECTIONS,
  generateRegistries,
  isValidSaId,
  parseSaId,
  type SynthSummary,
} from '../sources/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';

const PERSONS = 20_000;
const AS_OF = '2026-11-22';
/** The last complete payroll month before the as-of date. */
const LATEST_MONTH = '2026-10-01';
const today = new Date(`${AS_OF}T23:59:59Z`);

let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;
let summary: SynthSummary;

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

const AGE_SQL = (dob: string) => `extract(year from age(date '${AS_OF}', ${dob}))::int`;
// One row per valid person id (dirty duplicates and broken ids left out) for joins from other registries.
const PEOPLE = `(select distinct on (id_number) id_number, date_of_birth from population.persons order by id_number)`;

beforeAll(async () => {
  db = await makeTestDatabase();
  home = makeTestHome();
  summary = await generateRegistries({ pool: db.pool, paths: home, persons: PERSONS, seed: 7, asOf: AS_OF });
}, 120_000);

afterAll(async () => {
  await db?.drop();
  home?.remove();
});

describe('population register', () => {
  it('gives every person a valid ID except the rows seeded with a bad check digit', async () => {
    const people = await rows<{ id_number: string; date_of_birth: Date; sex: string; citizenship: string }>(
      'select id_number, date_of_birth, sex, citizenship from population.persons',
    );
    expect(people.length).toBe(summary.rows.population);
    const invalid = people.filter((p) => !isValidSaId(p.id_number, today));
    expect(invalid.length).toBe(summary.dirty.population.bad_check_digit);
    const inconsistent = people.filter((p) => {
      const facts = parseSaId(p.id_number, today);
      return (
        facts &&
        (facts.dateOfBirth !== p.date_of_birth.toISOString().slice(0, 10) ||
          facts.sex !== p.sex ||
          facts.citizenship !== p.citizenship)
      );
    });
    expect(inconsistent).toEqual([]);
    const ids = people.map((p) => p.id_number);
    expect(ids.length - new Set(ids).size).toBe(summary.dirty.population.duplicate);
  });

  it('places people in provinces close to the Stats SA mid-year shares', async () => {
    const counts = await rows<{ province_code: string; n: string }>(
      `select province_code, count(*) as n from population.persons group by province_code`,
    );
    for (const province of PROVINCES) {
      const n = Number(counts.find((c) => c.province_code === province.code)?.n ?? 0);
      expect(Math.abs(n / summary.rows.population - province.share), province.code).toBeLessThan(0.025);
    }
  });

  it('follows the age pyramid for children, working age and the elderly', async () => {
    const [bands] = await rows<{ young: string; old: string; n: string }>(
      `select count(*) filter (where ${AGE_SQL('date_of_birth')} < 15) as young,
              count(*) filter (where ${AGE_SQL('date_of_birth')} >= 65) as old, count(*) as n from population.persons`,
    );
    const share = (from: number, to: number) =>
      AGE_PYRAMID.filter((b) => b.from >= from && b.to <= to).reduce((s, b) => s + b.share, 0);
    expect(Math.abs(Number(bands!.young) / Number(bands!.n) - share(0, 14))).toBeLessThan(0.015);
    expect(Math.abs(Number(bands!.old) / Number(bands!.n) - share(65, 99))).toBeLessThan(0.01);
  });

  it('mixes population groups close to the national Stats SA shares', async () => {
    const counts = await rows<{ population_group: string; n: string }>(
      'select population_group, count(*) as n from population.persons group by 1',
    );
    for (const [group, share] of Object.entries(POPULATION_GROUPS)) {
      const n = Number(counts.find((c) => c.population_group === group)?.n ?? 0);
      expect(Math.abs(n / summary.rows.population - share), group).toBeLessThan(0.03);
    }
  });

  it('has all 52 districts and metros, the local municipalities and wards under each', async () => {
    const [counts] = await rows<{ d: string; metros: string; lm: string; wards: string; lm_without_wards: string }>(
      `select (select count(*) from population.districts) as d,
              (select count(*) from population.districts where kind = 'metro') as metros,
              (select count(*) from population.local_municipalities) as lm,
              (select count(*) from population.wards) as wards,
              (select count(*) from population.local_municipalities l
                where not exists (select 1 from population.wards w where w.local_municipality_code = l.code)) as lm_without_wards`,
    );
    expect(counts).toEqual({
      d: '52',
      metros: '8',
      lm: String(LOCAL_MUNICIPALITIES.length),
      wards: counts!.wards,
      lm_without_wards: '0',
    });
    expect(LOCAL_MUNICIPALITIES.filter((l) => DISTRICTS.find((d) => d.code === l.code)?.kind !== 'metro')).toHaveLength(
      205,
    );
    expect(Number(counts!.wards)).toBeGreaterThan(4000);
    const [orphans] = await rows<{ n: string }>(
      `select count(*) as n from population.persons p
        where p.ward_code not in (select code from population.wards)
           or p.district_code not in (select code from population.districts)`,
    );
    expect(Number(orphans!.n)).toBe((summary.dirty.population.unknown_code ?? 0) - (await unknownProvinceRows()));
  });

  it('groups people into households of about 3.4, each with an adult', async () => {
    const [h] = await rows<{ households: string; persons: string; without_adult: string }>(
      `select count(*) as households, sum(n) as persons, count(*) filter (where adults = 0) as without_adult
         from (select household_id, count(*) as n, count(*) filter (where ${AGE_SQL('date_of_birth')} >= 18) as adults
                 from population.persons group by household_id) x`,
    );
    const size = Number(h!.persons) / Number(h!.households);
    expect(size).toBeGreaterThan(3);
    expect(size).toBeLessThan(4);
    expect(Number(h!.without_adult)).toBe(0);
  });
});

async function unknownProvinceRows(): Promise<number> {
  const [r] = await rows<{ n: string }>(`select count(*) as n from population.persons where province_code = 'XX'`);
  return Number(r!.n);
}

describe('grants', () => {
  it('pays each grant type only to eligible people, at the 2025/26 amounts', async () => {
    const bad = await rows<{ grant_type: string; n: string }>(
      `select g.grant_type, count(*) as n from grants.grants g
         join ${PEOPLE} b on b.id_number = g.beneficiary_id_number
         left join ${PEOPLE} c on c.id_number = g.child_id_number
        where (g.grant_type = 'OAG' and (${AGE_SQL('b.date_of_birth')} < 60 or (g.status <> 'rejected' and g.monthly_amount <>
                 case when ${AGE_SQL('b.date_of_birth')} >= 75 then ${GRANT_TYPES.OAG.monthlyAmountFrom75} else ${GRANT_TYPES.OAG.monthlyAmount} end)))
           or (g.grant_type = 'DG' and ${AGE_SQL('b.date_of_birth')} not between 18 and 59)
           or (g.grant_type = 'SRD' and ${AGE_SQL('b.date_of_birth')} not between 18 and 59)
           or (g.grant_type in ('CSG', 'FCG', 'CDG') and (g.child_id_number is null or ${AGE_SQL('c.date_of_birth')} >= 18
                 or ${AGE_SQL('b.date_of_birth')} < 18 or b.id_number = c.id_number))
           or (g.status <> 'rejected' and g.grant_type in ('CSG', 'FCG', 'CDG', 'DG', 'SRD', 'GIA') and g.monthly_amount <> case g.grant_type
                 when 'CSG' then ${GRANT_TYPES.CSG.monthlyAmount} when 'FCG' then ${GRANT_TYPES.FCG.monthlyAmount}
                 when 'CDG' then ${GRANT_TYPES.CDG.monthlyAmount} when 'DG' then ${GRANT_TYPES.DG.monthlyAmount}
                 when 'GIA' then ${GRANT_TYPES.GIA.monthlyAmount} else ${GRANT_TYPES.SRD.monthlyAmount} end)
        group by g.grant_type`,
    );
    expect(bad).toEqual([]);
  });

  it('pays SRD only to people without earnings in the latest month', async () => {
    const [r] = await rows<{ n: string; srd: string }>(
      `select count(*) filter (where exists (select 1 from employment.monthly_earnings e
                 where e.employee_id_number = g.beneficiary_id_number
                   and e.month = date '${LATEST_MONTH}')) as n,
              count(*) as srd
         from grants.grants g where g.grant_type = 'SRD' and g.status = 'active'`,
    );
    expect(Number(r!.srd)).toBeGreaterThan(100);
    expect(Number(r!.n)).toBe(0);
  });

  it('reaches realistic take-up of the old age and child support grants', async () => {
    const [r] = await rows<{ oag: string; elderly: string; child_grants: string; children: string }>(
      `select (select count(distinct beneficiary_id_number) from grants.grants where grant_type = 'OAG') as oag,
              (select count(*) from ${PEOPLE} p where ${AGE_SQL('p.date_of_birth')} >= 60) as elderly,
              (select count(distinct child_id_number) from grants.grants where grant_type in ('CSG', 'FCG', 'CDG')) as child_grants,
              (select count(*) from ${PEOPLE} p where ${AGE_SQL('p.date_of_birth')} < 18) as children`,
    );
    expect(Number(r!.oag) / Number(r!.elderly)).toBeGreaterThan(0.6);
    expect(Number(r!.oag) / Number(r!.elderly)).toBeLessThan(0.8);
    expect(Number(r!.child_grants) / Number(r!.children)).toBeGreaterThan(0.55);
    expect(Number(r!.child_grants) / Number(r!.children)).toBeLessThan(0.8);
  });
});

describe('employment', () => {
  it('leaves roughly a third of the labour force unemployed, and employs the rest in the latest month', async () => {
    expect(summary.labourForce.unemploymentRate).toBeGreaterThan(0.28);
    expect(summary.labourForce.unemploymentRate).toBeLessThan(0.38);
    const [r] = await rows<{ n: string }>(
      `select count(distinct employee_id_number) as n from employment.monthly_earnings
        where month = date '${LATEST_MONTH}'`,
    );
    const employed = summary.labourForce.inLabourForce - summary.labourForce.unemployed;
    expect(Math.abs(Number(r!.n) - employed)).toBeLessThan(employed * 0.01);
  });

  it('has skewed, log-normal incomes and SIC industries', async () => {
    const [r] = await rows<{ mean: number; median: number; log_skew: number; bad_industry: string; not_first: string }>(
      `select avg(gross_income)::float as mean,
              percentile_cont(0.5) within group (order by gross_income)::float as median,
              (avg(power(ln(gross_income) - m, 3)) / power(stddev_pop(ln(gross_income)), 3))::float as log_skew,
              count(*) filter (where industry_code not in (${Object.keys(SIC_SECTIONS)
                .map((c) => `'${c}'`)
                .join(',')})) as bad_industry,
              count(*) filter (where extract(day from month) <> 1) as not_first
         from employment.monthly_earnings, (select avg(ln(gross_income)) as m from employment.monthly_earnings) s`,
    );
    expect(r!.mean / r!.median).toBeGreaterThan(1.2);
    expect(Math.abs(r!.log_skew)).toBeLessThan(0.3);
    expect(Number(r!.bad_industry)).toBeGreaterThan(0);
    expect(Number(r!.bad_industry)).toBeLessThanOrEqual(summary.dirty.employment.unknown_code ?? 0);
    expect(Number(r!.not_first)).toBe(summary.dirty.employment.impossible_date);
  });
});

describe('health drops', () => {
  const healthFiles = () =>
    readdirSync(join(home.sources, 'health'))
      .filter((f) => f.startsWith('visits-'))
      .sort();

  it('writes one CSV per day with the contract header', () => {
    const files = healthFiles();
    expect(files).toHaveLength(HEALTH_DAYS);
    expect(files.at(-1)).toBe(`visits-${AS_OF}.csv`);
    for (const file of files)
      expect(readFileSync(join(home.sources, 'health', file), 'utf8').split('\n')[0]).toBe(HEALTH_CSV_HEADER);
  });

  it('uses known programmes and their ICD-10 codes, with broken lines exactly as reported', () => {
    const lines = healthFiles().flatMap((f) =>
      readFileSync(join(home.sources, 'health', f), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1),
    );
    expect(lines.length).toBe(summary.rows.healthVisits);
    const broken = lines.filter((l) => l.split(',').length !== 9);
    expect(broken.length).toBe(summary.dirty.health.broken_line);
    const wellFormed = lines.filter((l) => l.split(',').length === 9).map((l) => l.split(','));
    const unknown = wellFormed.filter(
      ([, , , , , , icd, programme]) =>
        !(HEALTH_PROGRAMMES as readonly string[]).includes(programme!) ||
        !Object.keys(ICD10_CODES[programme as keyof typeof ICD10_CODES]).includes(icd!),
    );
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.length).toBeLessThanOrEqual((summary.dirty.health.unknown_code ?? 0) * 2);
    const badIds = wellFormed.filter(([, id]) => !isValidSaId(id!, today));
    expect(badIds.length).toBe(summary.dirty.health.bad_check_digit);
  });
});

describe('education', () => {
  it('enrols school learners in the grade for their age (allowing repeats), and bursaries only for 18–24 at tertiary', async () => {
    const [r] = await rows<{ off_grade: string; bad_bursary: string; bursaries: string }>(
      `select count(*) filter (where e.institution_type = 'school' and e.grade ~ '^[0-9]+$' and e.grade <> '13'
                 and (${AGE_SQL('p.date_of_birth')} - (extract(year from date '${AS_OF}') - e.year)) - 6 - e.grade::int not between 0 and 2) as off_grade,
              count(*) filter (where e.bursary_amount is not null and (e.institution_type not in ('tvet', 'university', 'college')
                 or (${AGE_SQL('p.date_of_birth')} - (extract(year from date '${AS_OF}') - e.year)) not between 18 and 24)) as bad_bursary,
              count(*) filter (where e.bursary_amount is not null) as bursaries
         from education.enrolments e join ${PEOPLE} p on p.id_number = e.learner_id_number
        where e.year <= extract(year from date '${AS_OF}')`,
    );
    expect(Number(r!.off_grade)).toBe(0);
    expect(Number(r!.bad_bursary)).toBe(0);
    expect(Number(r!.bursaries)).toBeGreaterThan(50);
  });
});

describe('dirty rows', () => {
  it.each(['population', 'grants', 'employment', 'health', 'education'] as const)(
    'seeds about half a percent dirty rows in %s',
    (source) => {
      const total = Object.values(summary.dirty[source]).reduce((a, b) => a + b, 0);
      const rowsOf = {
        population: summary.rows.population,
        grants: summary.rows.grants,
        employment: summary.rows.monthlyEarnings,
        health: summary.rows.healthVisits,
        education: summary.rows.enrolments,
      }[source];
      expect(total / rowsOf).toBeGreaterThan(0.0025);
      expect(total / rowsOf).toBeLessThan(0.008);
      expect(Object.keys(summary.dirty[source]).length).toBeGreaterThanOrEqual(4);
    },
  );
});
