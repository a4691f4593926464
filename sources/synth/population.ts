/**
 * Population register: people drawn from the age pyramid, grouped into households (each headed by an adult,
 * preferring women of working age as most SA caregivers are), placed in wards by population weight, with ID
 * numbers that encode date of birth, sex and citizenship and carry a Luhn check digit.
 */
import { asOfSql, breakCheckDigitSql, dirtyKindSql, type SynthContext } from './context.ts';
import { luhnSql, SLOTS, timestampText } from './sql.ts';

const PERSON_DIRTY_KIND = dirtyKindSql(90, 'i', ['bad_check_digit', 'impossible_date', 'unknown_code', 'duplicate']);

/** DuckDB statements for ages, sexes, dates of birth and the ranking of adults that picks household heads. */
export function peopleStatements(context: SynthContext): string[] {
  const asOf = asOfSql(context);
  return [
    `create or replace table p0 as
     select i, a.value::int as age,
       case when rnd(2, i) < (case when a.value::int >= 65 then 0.6 when a.value::int >= 45 then 0.53 else 0.505 end)
         then 'F' else 'M' end as sex,
       case when rnd(4, i) < 0.03 then 1 else 0 end as citizen_digit
     from range(${context.persons}) t(i) join age_slots a on a.slot = floor(rnd(1, i) * ${SLOTS})::int`,
    `create or replace table p1 as
     select i, sex, citizen_digit, dob,
       year(${asOf}) - year(dob) - (strftime(${asOf}, '%m%d') < strftime(dob, '%m%d'))::int as age
     from (select *, (${asOf} - floor((age + rnd(3, i)) * 365.2425)::int) as dob from p0)`,
    `create or replace table hh_rank as
     select i, row_number() over (order by rnd(20, i) * case when sex = 'F' and age between 20 and 64 then 1.0 else 1.8 end, i) - 1 as arank
     from p1 where age >= 18`,
  ];
}

/** Statements that need the household count (computed from the number of adults). */
export function householdStatements(context: SynthContext, households: number): string[] {
  const asOf = asOfSql(context);
  const h = households;
  return [
    `create or replace table households as
     select hh, g.lm_code, g.lm_name, g.district_code, g.province_code,
       g.ward_stem || lpad((1 + floor(rnd(31, hh) * g.wards)::int)::varchar, 3, '0') as ward_code,
       pg.value as population_group, rnd(33, hh) as surname_u,
       (1 + floor(rnd(34, hh) * 400)::int)::varchar || ' ' || pick(street_names(), rnd(35, hh)) || ', ' || g.lm_name as address_line,
       r.i as head_i
     from range(${h}) t(hh)
     join lm_slots l on l.slot = floor(rnd(30, hh) * ${SLOTS})::int
     join geo_lm g on g.lm_code = l.value
     join popgroup_slots pg on pg.grp = g.province_code and pg.slot = floor(rnd(32, hh) * ${SLOTS})::int
     join hh_rank r on r.arank = hh`,
    `create or replace table p2 as
     select p.*, case when r.arank < ${h} then r.arank
                      when p.age >= 18 then floor(rnd(21, p.i) * ${h})::bigint
                      else floor(rnd(22, p.i) * ${h})::bigint end as hh
     from p1 p left join hh_rank r using (i)`,
    // The 12-digit ID payload is materialised first: inlined, its expression would be evaluated once per
    // Luhn term (24 times) instead of once.
    `create or replace table p3 as
     select *, strftime(dob, '%y%m%d')
         || lpad(((case when sex = 'M' then 5000 else 0 end)
                  + (hash(${context.seed}, 41, dob, sex) % 5000 + (row_number() over (partition by dob, sex order by i) - 1) * 1777) % 5000)::varchar, 4, '0')
         || citizen_digit::varchar || '8' as id12
     from p2`,
    `create or replace table persons as select *, ${PERSON_DIRTY_KIND} as dk,
       case when dod is not null then least(${asOf}, dod + floor(rnd(70, i) * 14)::int)
            else ${asOf} - floor(rnd(70, i) * 365)::int end as updated_day
     from (
     select p.i, p.age, p.sex, p.dob, p.hh, p.head_i,
       id12 || ${luhnSql('id12')}::varchar as id_number,
       gn.name as first_name, sn.name as surname,
       case when p.citizen_digit = 0 then 'citizen' else 'permanent_resident' end as citizenship,
       p.population_group, p.province_code, p.district_code, p.lm_code, p.lm_name, p.ward_code, p.address_line,
       'HH' || lpad(p.hh::varchar, 9, '0') as household_id,
       case when rnd(50, p.i) < 0.002 + 0.000012 * p.age * p.age
            then greatest(p.dob + 1, ${asOf} - floor(rnd(51, p.i) * 1826)::int) end as dod,
       case when p.age >= 16 and rnd(60, p.i) < 0.9
            then mobile_prefixes()[p.phone_format]
                 || lpad(floor(rnd(62, p.i) * pow(10, mobile_digits()[p.phone_format]))::bigint::varchar, mobile_digits()[p.phone_format], '0')
            end as phone
     from (
       select p.*, h.population_group, h.province_code, h.district_code, h.lm_code, h.lm_name, h.ward_code,
         h.address_line, h.head_i,
         floor(rnd(36, p.i) * n.n)::int as given_idx,
         1 + floor(rnd(61, p.i) * len(mobile_prefixes()))::int as phone_format,
         floor(case when rnd(37, p.i) < 0.8 then h.surname_u else rnd(38, p.i) end * n.n_surnames)::int as surname_idx
       from p3 p join households h on h.hh = p.hh join name_counts n on n.grp = h.population_group and n.sex = p.sex) p
     join given_names gn on gn.grp = p.population_group and gn.sex = p.sex and gn.idx = p.given_idx
     join surnames sn on sn.grp = p.population_group and sn.idx = p.surname_idx)`,
  ];
}

/** Drops the intermediate tables once `persons` exists. */
export function populationCleanupStatements(): string[] {
  return ['drop table p0', 'drop table p1', 'drop table p2', 'drop table p3'];
}

/** Column list of `population.persons`, in table order, with dirty transforms applied. */
export const PERSON_COLUMNS_SQL = `
  case when dk = 'bad_check_digit' then ${breakCheckDigitSql('id_number', 92, 'i')} else id_number end,
  first_name, surname, dob,  sex, citizenship, population_group,
  case when dk = 'impossible_date' then dob - 30 - floor(rnd(93, i) * 3000)::int else dod end,
  case when dk = 'unknown_code' and rnd(94, i) < 0.5 then 'XX' else province_code end,
  district_code, lm_code,
  case when dk = 'unknown_code' and rnd(94, i) >= 0.5 then '99' || right(ward_code, 6) else ward_code end,
  household_id, address_line, phone, ${timestampText('updated_day', 'floor(rnd(71, i) * 86400)')}`;
