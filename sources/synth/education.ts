/**
 * Education: school enrolment by age and grade (with repetition) for this year and last, and tertiary study
 * (university or TVET) for 18–24 year olds, with NSFAS bursaries for most tertiary students.
 */
import { asOfSql, breakCheckDigitSql, dirtyKindSql, type SynthContext } from './context.ts';
import { timestampText } from './sql.ts';

const ATTENDS = `case when age_y = 5 then 0.75 when age_y <= 15 then 0.97 when age_y = 16 then 0.92
  when age_y = 17 then 0.85 when age_y = 18 then 0.7 else 0.5 end`;

/** DuckDB statements building `out_enrolments` (school and tertiary rows for this year and last, dirty kinds marked). */
export function educationStatements(context: SynthContext): string[] {
  const asOf = asOfSql(context);
  return [
    `create or replace table learner_years as
     select p.i, p.id_number, p.lm_code, p.lm_name, p.district_code, p.province_code, y.yo,
       year(${asOf}) - y.yo as year, p.age - y.yo as age_y,
       p.age - y.yo - 6 - case when rnd(400, p.i) < 0.7 then 0 when rnd(400, p.i) < 0.92 then 1 else 2 end as grade_num
     from persons p cross join (values (0), (1)) y(yo)
     where p.dod is null and p.age - y.yo between 5 and 24`,
    `create or replace table schooling as
     select *, rnd(401, i) < ${ATTENDS} and grade_num between -1 and 12 as at_school from learner_years`,
    `create or replace table uni_lists as
     select province_code, list(uni_no order by uni_no) as unis from universities group by province_code`,
    `create or replace table enrol_rows as
     select i, id_number, yo, year, district_code,
       lm_code || case when grade_num <= 7 then 'P' else 'S' end
         || lpad((1 + floor(rnd(402, i) * 3)::int)::varchar, 3, '0') as institution_code,
       lm_name || case when grade_num <= 7 then ' Primary School ' else ' Secondary School ' end
         || (1 + floor(rnd(402, i) * 3)::int)::varchar as institution_name,
       'school' as institution_type, case when grade_num < 0 then 'R' else grade_num::varchar end as grade,
       null::varchar as programme, null::decimal(10,2) as bursary_amount,
       case when yo = 0 then case when rnd(403, i) < 0.02 then 'dropped_out' else 'enrolled' end
            when grade_num = 12 then case when rnd(404, i) < 0.8 then 'completed' else 'failed' end
            else case when rnd(404, i) < 0.87 then 'passed' when rnd(404, i) < 0.97 then 'failed' else 'dropped_out' end end as outcome
     from schooling where at_school
     union all
     select s.i, s.id_number, s.yo, s.year, t.district_code, t.code, t.name, s.kind, null, t.programme,
       case when rnd(420, s.i) < 0.6 then case when s.kind = 'university' then round(45000 + rnd(421, s.i) * 50000, -2)
                                               else round(20000 + rnd(421, s.i) * 25000, -2) end end,
       case when s.yo = 0 then 'enrolled' when rnd(422, s.i) < 0.7 then 'passed' when rnd(422, s.i) < 0.88 then 'failed'
            when rnd(422, s.i) < 0.95 then 'dropped_out' else 'completed' end
     from (
       select s.*, case when rnd(411, s.i) < 0.65 then 'university' else 'tvet' end as kind,
         case when ul.unis is not null and rnd(412, s.i) < 0.8 then pick(ul.unis, rnd(413, s.i))
              else 1 + floor(rnd(413, s.i) * 26)::int end as uni_no
       from schooling s left join uni_lists ul on ul.province_code = s.province_code
       where not s.at_school and s.age_y between 18 and 24 and rnd(410, s.i) < 0.2) s
     join universities u on u.uni_no = s.uni_no
     join geo_lm g on g.lm_code = s.lm_code
     cross join lateral (select
         case when s.kind = 'tvet' then 'TVET-' || s.district_code else 'UNI' || lpad(u.uni_no::varchar, 3, '0') end as code,
         case when s.kind = 'tvet' then g.district_name || ' TVET College' else u.uni_name end as name,
         case when s.kind = 'tvet' then s.district_code else u.district_code end as district_code,
         case when s.kind = 'tvet' then pick(tvet_programmes(), rnd(414, s.i)) else pick(university_programmes(), rnd(414, s.i)) end as programme) t`,
    `create or replace table out_enrolments as
     select *, ${dirtyKindSql(490, 'k', ['bad_check_digit', 'impossible_date', 'unknown_code', 'duplicate'])} as dk,
       'EN' || year::varchar || '-' || lpad(i::varchar, 9, '0') as enrolment_id,
       case when yo = 0 then least(${asOf}, make_date(year, 1, 15) + floor(rnd(480, k) * greatest(1, ${asOf} - make_date(year, 1, 15) + 1))::int)
            else least(${asOf}, make_date(year, 12, 10) + floor(rnd(480, k) * 45)::int) end as updated_day
     from (select *, i * 2 + yo as k from enrol_rows)`,
    'drop table learner_years',
    'drop table schooling',
    'drop table enrol_rows',
  ];
}

/** `education.enrolments` columns with dirty transforms. */
export const ENROLMENT_COLUMNS_SQL = `
  enrolment_id,
  case when dk = 'bad_check_digit' then ${breakCheckDigitSql('id_number', 492, 'k')} else id_number end,
  institution_code, institution_name,
  case when dk = 'unknown_code' and rnd(493, k) < 0.5 and institution_type <> 'school' then 'college' else institution_type end,
  case when dk = 'unknown_code' and (rnd(493, k) >= 0.5 or institution_type = 'school') then '13' else grade end,
  programme,
  case when dk = 'impossible_date' then year + 5 + floor(rnd(494, k) * 50)::int else year end,
  bursary_amount, outcome, district_code, ${timestampText('updated_day', '28800 + floor(rnd(481, k) * 36000)')}`;
