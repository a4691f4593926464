/**
 * Social grants (SASSA): each grant follows its eligibility rule — old age ≥ 60, disability 18–59, child grants
 * for under-18s paid to the household head as caregiver, SRD for unemployed 18–59 — with take-up rates near
 * SASSA's beneficiary counts and the 2025/26 monthly amounts.
 */
import { GRANT_TYPES } from '../reference/domains.ts';
import { asOfSql, breakCheckDigitSql, dirtyKindSql, type SynthContext } from './context.ts';
import { timestampText } from './sql.ts';

const STATUS = (salt: number, key: string) => `case when rnd(${salt}, ${key}) < 0.03 then 'rejected'
  when rnd(${salt}, ${key}) < 0.05 then 'suspended' when rnd(${salt}, ${key}) < 0.06 then 'lapsed' else 'active' end`;

/** DuckDB statements building `out_grants` from the eligibility rules (needs `persons` and `labour`). */
export function grantStatements(context: SynthContext): string[] {
  const asOf = asOfSql(context);
  const a = GRANT_TYPES;
  const cap = (expr: string) => `least(${asOf}, (${expr})::date)`;
  return [
    `create or replace table grant_base as
     -- Old age: 60+, means-tested (~70 % take-up); the higher amount from age 75.
     select i as ben_i, 'OAG' as grant_type, 1 as type_no, null::bigint as child_i,
       ${cap(`greatest((dob + interval 60 year)::date, date '1996-01-01') + floor(rnd(201, i) * 120)::int`)} as application_date,
       ${STATUS(202, 'i')} as status, case when age >= 75 then ${a.OAG.monthlyAmountFrom75} else ${a.OAG.monthlyAmount} end as amount
     from persons where age >= 60 and rnd(200, i) < 0.7
     union all
     select i, 'WVG', 2, null, ${cap(`dob + interval 65 year`)}, 'active', ${a.WVG.monthlyAmount}
     from persons where age >= 85 and rnd(200, i) >= 0.7 and rnd(205, i) < 0.002
     union all
     select i, 'DG', 3, null, ${cap(`dob + interval 18 year + to_days(floor(rnd(211, i) * (age - 18) * 365)::int)`)},
       ${STATUS(212, 'i')}, ${a.DG.monthlyAmount}
     from persons where age between 18 and 59 and rnd(210, i) < 0.03
     union all
     select c.i, 'CHILD', 0, c.i, ${cap(`c.dob + floor(rnd(231, c.i) * 180)::int`)}, ${STATUS(232, 'c.i')}, 0
     from persons c where c.age < 18 and c.head_i <> c.i
       and rnd(230, c.i) < case when c.population_group in ('Black African', 'Coloured') then 0.72 else 0.15 end + 0.03
     union all
     select l.i, 'SRD', 8, null, ${asOf} - floor(rnd(261, l.i) * 900)::int,
       case when rnd(262, l.i) < 0.15 then 'rejected' when rnd(262, l.i) < 0.2 then 'lapsed' else 'active' end, ${a.SRD.monthlyAmount}
     from labour l where l.in_labour_force and l.unemployed_draw and l.age between 18 and 59
       and rnd(210, l.i) >= 0.03 and rnd(260, l.i) < 0.6`,
    // Child grants: most children in the take-up draw get CSG; a few FCG (foster) or CDG (care dependency).
    `create or replace table grant_rows as
     select b.ben_i, b.grant_type, b.child_i, b.application_date, b.status, b.amount from grant_base b where b.grant_type <> 'CHILD'
     union all
     select p.head_i, t.child_grant, b.child_i, b.application_date, b.status, t.amount
     from grant_base b join persons p on p.i = b.child_i
     cross join lateral (select case when rnd(240, b.child_i) < 0.025 then 'FCG' when rnd(240, b.child_i) < 0.036 then 'CDG' else 'CSG' end as child_grant) g
     join (values ('CSG', ${a.CSG.monthlyAmount}), ('FCG', ${a.FCG.monthlyAmount}), ('CDG', ${a.CDG.monthlyAmount})) t(child_grant, amount) on t.child_grant = g.child_grant
     where b.grant_type = 'CHILD'
     union all
     select b.ben_i, 'GIA', b.child_i, least(${asOf}, b.application_date + 200 + floor(rnd(221, b.ben_i) * 2000)::int), 'active', ${a.GIA.monthlyAmount}
     from grant_base b where b.grant_type in ('OAG', 'DG', 'WVG') and b.status = 'active' and rnd(220, b.ben_i) < 0.08`,
    `create or replace table out_grants as
     select *, ${dirtyKindSql(290, 'k', ['bad_check_digit', 'impossible_date', 'unknown_code', 'duplicate'])} as dk,
       greatest(application_date, ${asOf} - 365) + floor(rnd(280, k) * (${asOf} - greatest(application_date, ${asOf} - 365) + 1))::int as updated_day
     from (
       select row_number() over (order by g.ben_i, g.grant_type, g.child_i) as k,
         'GR' || lpad((row_number() over (order by g.ben_i, g.grant_type, g.child_i))::varchar, 10, '0') as grant_id,
         b.id_number as beneficiary_id, b.dob as beneficiary_dob, c.id_number as child_id, g.grant_type, g.application_date,
         case when coalesce(c.dod, b.dod) is not null and g.status = 'active' then 'lapsed' else g.status end as status,
         case when g.status = 'rejected' then 0 else g.amount end as monthly_amount,
         case when rnd(270, g.ben_i) < 0.1 then 'Cash pay point ' || b.lm_name
              else pick(['SASSA card (Postbank)', 'Bank account', 'Retail merchant'], rnd(271, g.ben_i)) end as pay_point,
         b.province_code, b.district_code
       from grant_rows g join persons b on b.i = g.ben_i left join persons c on c.i = g.child_i)`,
  ];
}

/** `grants.grants` columns with dirty transforms. */
export const GRANT_COLUMNS_SQL = `
  grant_id,
  case when dk = 'bad_check_digit' then ${breakCheckDigitSql('beneficiary_id', 292, 'k')} else beneficiary_id end,
  case when dk = 'unknown_code' and rnd(293, k) < 0.5 then 'XXG' else grant_type end,
  child_id,
  case when dk = 'impossible_date' then beneficiary_dob - 100 - floor(rnd(294, k) * 1000)::int else application_date end,
  status, monthly_amount, pay_point,
  case when dk = 'unknown_code' and rnd(293, k) >= 0.5 then 'ZZ' else province_code end,
  district_code, ${timestampText('updated_day', 'floor(rnd(281, k) * 86400)')}`;
