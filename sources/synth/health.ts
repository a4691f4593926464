/**
 * Health: clinic visits over the last `HEALTH_DAYS` days (~2.4 primary-care visits per person per year, more for
 * under-fives and over-60s) at a facility in the patient's municipality, with a programme chosen by age and sex
 * and an ICD-10 code from that programme. Rows become CSV lines here so broken lines can be seeded verbatim.
 */
import { asOfSql, breakCheckDigitSql, dirtyKindSql, HEALTH_DAYS, type SynthContext } from './context.ts';
import { timestampText } from './sql.ts';

/** Header of every `visits-YYYY-MM-DD.csv` drop. */
export const HEALTH_CSV_HEADER =
  'visit_id,patient_id_number,facility_code,facility_name,district_code,visit_date,icd10_code,programme,updated_at';

function programmeSql(age: string, sex: string, u: string): string {
  return `case
  when age < 5 then case when u < 0.45 then 'IMMUNISATION' when u < 0.6 then 'MCH' else 'PHC' end
  when age < 15 then case when u < 0.05 then 'IMMUNISATION' when u < 0.1 then 'HIV' when u < 0.12 then 'TB' when u < 0.15 then 'MENTAL_HEALTH' else 'PHC' end
  when age >= 60 then case when u < 0.5 then 'NCD' when u < 0.58 then 'HIV' when u < 0.61 then 'TB' when u < 0.63 then 'MENTAL_HEALTH' else 'PHC' end
  when sex = 'F' and age < 50 then case when u < 0.2 then 'MCH' when u < 0.45 then 'HIV' when u < 0.48 then 'TB' when u < 0.53 then 'NCD' when u < 0.55 then 'MENTAL_HEALTH' else 'PHC' end
  else case when u < 0.22 then 'HIV' when u < 0.26 then 'TB' when u < 0.38 then 'NCD' when u < 0.41 then 'MENTAL_HEALTH' else 'PHC' end
end`
    .replaceAll('age', age)
    .replaceAll('sex', sex)
    .replaceAll(' u ', ` ${u} `);
}

/** DuckDB statements building facilities and `out_visits` (one pre-formatted CSV line per visit). */
export function healthStatements(context: SynthContext): string[] {
  const asOf = asOfSql(context);
  // Acceptance by age keeps ~72 % of candidates; size the candidate pool so the mean rate is 2.4 per year.
  const candidates = Math.round((context.persons * 2.4 * HEALTH_DAYS) / 365 / 0.72);
  return [
    `create or replace table facilities as
     select lm_code, k, lm_code || '-' || lpad((k + 1)::varchar, 3, '0') as facility_code,
       lm_name || case when k = 0 then ' Community Health Centre' else ' Clinic ' || k::varchar end as facility_name,
       count(*) over (partition by lm_code) as n
     from (select lm_code, lm_name, unnest(range(greatest(2, ceil(wards / 3)::int))) as k from geo_lm)`,
    `create or replace table visits as
     select v, p.id_number, p.district_code, f.facility_code, f.facility_name, x.visit_date, x.programme,
       pick(l.codes, rnd(305, v)) as icd10_code
     from (
       select v, i, visit_date, ${programmeSql('p.age', 'p.sex', 'rnd(304, v)')} as programme
       from (select v, floor(rnd(301, v) * ${context.persons})::bigint as i, ${asOf} - floor(rnd(303, v) * ${HEALTH_DAYS})::int as visit_date
             from range(${candidates}) t(v)) c
       join persons p using (i)
       where rnd(302, v) < case when p.age < 5 or p.age >= 60 then 1.0 else 0.65 end
         and (p.dod is null or p.dod >= visit_date)) x
     join persons p using (i)
     join facilities f on f.lm_code = p.lm_code and f.k = floor(rnd(300, p.i) * f.n)::int
     join icd_lists l on l.programme = x.programme`,
    `create or replace table out_visits as
     select visit_date, v, dk,
       case when dk = 'broken_line' and rnd(396, v) < 0.5 then array_to_string(list_slice(string_split(line, ','), 1, 5), ',')
            when dk = 'broken_line' then line || ',"unterminated'
            else line end as line
     from (
       select visit_date, v, dk, concat_ws(',',
         'V' || lpad(v::varchar, 10, '0'),
         case when dk = 'bad_check_digit' then ${breakCheckDigitSql('id_number', 392, 'v')} else id_number end,
         facility_code, facility_name, district_code,
         case when dk = 'impossible_date' then strftime(visit_date, '%Y-') || pick(['02-30', '02-31', '13-01', '04-31', '00-10'], rnd(393, v))
              else strftime(visit_date, '%Y-%m-%d') end,
         case when dk = 'unknown_code' and rnd(394, v) < 0.5 then 'ZZZ.9' else icd10_code end,
         case when dk = 'unknown_code' and rnd(394, v) >= 0.5 then 'OTHER' else programme end,
         ${timestampText('visit_date', '25200 + floor(rnd(306, v) * 36000)')}) as line
       from (select *, ${dirtyKindSql(390, 'v', ['bad_check_digit', 'impossible_date', 'unknown_code', 'duplicate', 'broken_line'])} as dk from visits))`,
  ];
}

/** The drop for one day: header, its lines in visit order, each duplicate line repeated. */
export function healthDayCopySql(day: string, file: string): string {
  return `copy (select line as "${HEALTH_CSV_HEADER}" from (
      select v, 0 as copy_no, line from out_visits where visit_date = date '${day}'
      union all select v, 1, line from out_visits where visit_date = date '${day}' and dk = 'duplicate')
    order by v, copy_no) to '${file}' (format csv, header true, quote '', escape '')`;
}
