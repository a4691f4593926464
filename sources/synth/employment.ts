/**
 * Employment (UIF / payroll): the labour force by age, roughly a third unemployed (Stats SA QLFS), jobs with
 * employers concentrated in a few large firms, log-normal monthly incomes scaled by occupation, and UIF claims
 * for people who lost a job during the window.
 */
import { asOfSql, breakCheckDigitSql, dirtyKindSql, EMPLOYMENT_MONTHS, type SynthContext } from './context.ts';
import { SLOTS, timestampText } from './sql.ts';

const PARTICIPATION = `case when age < 20 then 0.08 when age < 25 then 0.5 when age < 55 then 0.81 else 0.5 end`;
const UNEMPLOYMENT = `case when age < 25 then 0.6 when age < 35 then 0.4 when age < 45 then 0.28 else 0.2 end`;
const MONTHS = EMPLOYMENT_MONTHS;

/** DuckDB statements building the labour force, employers, `out_earnings` and `out_uif`. */
export function employmentStatements(context: SynthContext): string[] {
  const asOf = asOfSql(context);
  const employers = Math.max(5, Math.round(context.persons * 0.02));
  return [
    `create or replace table labour as
     select i, age, id_number,
       (age between 15 and 64 and dod is null and rnd(100, i) < ${PARTICIPATION}) as in_labour_force,
       rnd(101, i) < ${UNEMPLOYMENT} as unemployed_draw
     from persons`,
    `create or replace table employers as
     select e, 'U' || lpad(e::varchar, 8, '0') as employer_id, s.value as industry_code,
       case when s.value = 'T' then 'Private household ' || pick(n.surnames, rnd(111, e))
            when s.value = 'O' then 'Department of ' || pick(['Home Affairs','Health','Education','Public Works','Transport','Water and Sanitation'], rnd(111, e))
            else pick(employer_names(), rnd(112, e)) || ' (Pty) Ltd' end as name
     from range(${employers}) t(e)
     join sic_slots s on s.slot = floor(rnd(110, e) * ${SLOTS})::int
     join name_lists n on n.grp = pick(['Black African','Black African','White','Indian/Asian','Coloured'], rnd(113, e))`,
    // A job is held now (employed) or was lost during the window (unemployed now, with a UIF claim).
    `create or replace table jobs as
     select l.i, l.id_number, em.employer_id, em.industry_code,
       case when em.industry_code = 'T' then '9111' else o.value end as occupation_code,
       greatest(0, ${MONTHS - 1} - floor(-ln(greatest(rnd(106, l.i), 1e-9)) * 60)::int) as start_idx,
       case when l.unemployed_draw then floor(rnd(103, l.i) * ${MONTHS - 1})::int else ${MONTHS - 1} end as end_idx,
       l.unemployed_draw as lost
     from labour l
     join employers em on em.e = floor(${employers} * pow(rnd(104, l.i), 3))::int
     join ofo_slots o on o.slot = floor(rnd(105, l.i) * ${SLOTS})::int
     where l.in_labour_force and (not l.unemployed_draw or rnd(102, l.i) < 0.3)`,
    `create or replace table jobs_paid as
     select j.*, exp(ln(6500) + 0.8 * rnorm(107, j.i)) * f.factor as base_income
     from jobs j join ofo_factors f on f.major = left(j.occupation_code, 1)`,
    `create or replace table months as
     select m_idx, (date_trunc('month', ${asOf}) - to_months(${MONTHS} - m_idx))::date as month
     from range(${MONTHS}) t(m_idx)`,
    `create or replace table out_earnings as
     select *, ${dirtyKindSql(190, 'k', ['bad_check_digit', 'impossible_date', 'unknown_code', 'duplicate'])} as dk
     from (
       select j.i * 16 + m.m_idx as k, j.id_number, j.employer_id, m.month, j.industry_code, j.occupation_code,
         round(j.base_income * (0.96 + 0.08 * rnd(108, j.i * 16 + m.m_idx))
               * case when month(m.month) = 12 and rnd(109, j.i) < 0.35 then 2 else 1 end, 2) as gross_income,
         least(${asOf}, (m.month + interval 1 month)::date + floor(rnd(120, j.i * 16 + m.m_idx) * 10)::int) as updated_day
       from jobs_paid j join months m on m.m_idx between j.start_idx and j.end_idx)`,
    `create or replace table out_uif as
     select j.i, j.id_number,
       least(${asOf}, (m.month + interval 1 month)::date + floor(rnd(130, j.i) * 30)::int) as claim_date,
       pick(['retrenchment','contract_expired','dismissal','resignation','insolvency'], rnd(131, j.i)) as reason
     from jobs j join months m on m.m_idx = j.end_idx where j.lost`,
    'drop table jobs_paid',
  ];
}

/** `employment.monthly_earnings` columns with dirty transforms. */
export const EARNINGS_COLUMNS_SQL = `
  case when dk = 'bad_check_digit' then ${breakCheckDigitSql('id_number', 192, 'k')} else id_number end,
  employer_id,
  case when dk = 'impossible_date' then month + 14 + floor(rnd(193, k) * 10)::int else month end,
  gross_income,
  case when dk = 'unknown_code' then 'Z' else industry_code end,
  case when dk = 'unknown_code' and rnd(194, k) < 0.5 then '0000' else occupation_code end,
  ${timestampText('updated_day', 'floor(rnd(121, k) * 86400)')}`;

/** `employment.uif_claims` columns. */
export const UIF_COLUMNS_SQL = `id_number, claim_date, reason, ${timestampText('claim_date', '28800 + floor(rnd(132, i) * 32400)')}`;

/** `employment.employers` columns. */
export const EMPLOYER_COLUMNS_SQL = 'employer_id, name, industry_code';
