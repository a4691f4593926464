/**
 * The sources the pipelines extract, as data: where each comes from, its columns (typed after validation), its
 * key (for de-duplication and latest-wins snapshots) and the validation rules that send a row to quarantine.
 * Rules are DuckDB SQL over the raw text columns, each true when the row is BAD; the first that matches names
 * the reason.
 */
import {
  DISTRICT_CODES,
  GRANT_STATUSES,
  GRANT_TYPES,
  INSTITUTION_TYPES,
  OUTCOMES,
  PROGRAMMES,
  PROVINCE_CODES,
  SIC_SECTIONS,
} from '../adapters/reference.ts';

export type ColumnType = 'VARCHAR' | 'DATE' | 'TIMESTAMPTZ' | 'INTEGER' | 'DOUBLE';

export interface SourceColumn {
  name: string;
  type: ColumnType;
}

export interface ValidationRule {
  reason: string;
  /** DuckDB SQL, true when the row fails. Columns are VARCHAR here. */
  bad: string;
}

export interface SourceSpec {
  name: string;
  connector: 'postgres' | 'health_csv' | 'dci';
  /** `schema.table` for the postgres connector. */
  table?: string;
  columns: readonly SourceColumn[];
  key: readonly string[];
  rules: readonly ValidationRule[];
  /** Legal basis recorded with every extract (POPIA conditions for further processing). */
  legalBasis: string;
}

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const col = (name: string, type: ColumnType = 'VARCHAR'): SourceColumn => ({ name, type });

/** SA ID rules: malformed, bad Luhn check digit, impossible date of birth. */
function idRules(column: string, nullable = false): ValidationRule[] {
  const guard = nullable ? `${column} is not null and ` : '';
  return [
    { reason: `missing ${column}`, bad: nullable ? 'false' : `${column} is null` },
    { reason: `malformed ID in ${column}`, bad: `${guard}not regexp_full_match(${column}, '[0-9]{13}')` },
    { reason: `bad ID check digit in ${column}`, bad: `${guard}not sdf_luhn_ok(${column})` },
    {
      reason: `impossible date of birth in ${column}`,
      bad: `${guard}try_strptime(substr(${column}, 1, 6), '%y%m%d') is null`,
    },
  ];
}

/** A date that does not parse, lies in the future of the partition, or before 1900. */
function dateRule(column: string, nullable = false): ValidationRule {
  const parsed = `try_cast(${column} as date)`;
  const guard = nullable ? `${column} is not null and ` : '';
  return {
    reason: `impossible date in ${column}`,
    bad: `${guard}(${parsed} is null or ${parsed} > $partition_end::date or ${parsed} < date '1900-01-01')`,
  };
}

const codeRule = (column: string, values: readonly string[], nullable = false): ValidationRule => ({
  reason: `unknown code in ${column}`,
  bad: `${nullable ? `${column} is not null and ` : `${column} is null or `}${column} not in (${list(values)})`,
});

const numberRule = (column: string, nullable = false): ValidationRule => ({
  reason: `bad number in ${column}`,
  bad: `${nullable ? `${column} is not null and ` : ''}(try_cast(${column} as double) is null or try_cast(${column} as double) < 0)`,
});

const updatedAt = col('updated_at', 'TIMESTAMPTZ');
const updatedRule: ValidationRule = {
  reason: 'impossible date in updated_at',
  bad: 'try_cast(updated_at as timestamptz) is null',
};

export const POPULATION: SourceSpec = {
  name: 'population',
  connector: 'postgres',
  table: 'population.persons',
  columns: [
    col('id_number'),
    col('first_name'),
    col('surname'),
    col('date_of_birth', 'DATE'),
    col('sex'),
    col('citizenship'),
    col('population_group'),
    col('date_of_death', 'DATE'),
    col('province_code'),
    col('district_code'),
    col('local_municipality_code'),
    col('ward_code'),
    col('household_id'),
    col('address_line'),
    col('phone'),
    updatedAt,
  ],
  key: ['id_number'],
  rules: [
    ...idRules('id_number'),
    dateRule('date_of_birth'),
    dateRule('date_of_death', true),
    codeRule('sex', ['F', 'M']),
    codeRule('province_code', PROVINCE_CODES),
    codeRule('district_code', DISTRICT_CODES),
    updatedRule,
  ],
  legalBasis: 'Identification Act 68 of 1997; POPIA s.15(3)(e) further processing for research (s.27(1)(d))',
};

export const GRANTS: SourceSpec = {
  name: 'grants',
  connector: 'postgres',
  table: 'grants.grants',
  columns: [
    col('grant_id'),
    col('beneficiary_id_number'),
    col('grant_type'),
    col('child_id_number'),
    col('application_date', 'DATE'),
    col('status'),
    col('monthly_amount', 'DOUBLE'),
    col('pay_point'),
    col('province_code'),
    col('district_code'),
    updatedAt,
  ],
  key: ['grant_id'],
  rules: [
    ...idRules('beneficiary_id_number'),
    ...idRules('child_id_number', true),
    codeRule('grant_type', GRANT_TYPES),
    codeRule('status', GRANT_STATUSES),
    dateRule('application_date'),
    numberRule('monthly_amount'),
    codeRule('province_code', PROVINCE_CODES),
    codeRule('district_code', DISTRICT_CODES),
    updatedRule,
  ],
  legalBasis: 'Social Assistance Act 13 of 2004 s.16; POPIA s.15(3)(e) and s.27(1)(d) research',
};

export const EMPLOYMENT: SourceSpec = {
  name: 'employment',
  connector: 'postgres',
  table: 'employment.monthly_earnings',
  columns: [
    col('employee_id_number'),
    col('employer_id'),
    col('month', 'DATE'),
    col('gross_income', 'DOUBLE'),
    col('industry_code'),
    col('occupation_code'),
    updatedAt,
  ],
  key: ['employee_id_number', 'employer_id', 'month'],
  rules: [
    ...idRules('employee_id_number'),
    dateRule('month'),
    numberRule('gross_income'),
    codeRule('industry_code', SIC_SECTIONS),
    {
      reason: 'unknown code in occupation_code',
      bad: `occupation_code is null or not regexp_full_match(occupation_code, '[1-9][0-9]{0,3}')`,
    },
    updatedRule,
  ],
  legalBasis: 'Unemployment Insurance Contributions Act 4 of 2002; POPIA s.15(3)(e) and s.27(1)(d) research',
};

export const UIF_CLAIMS: SourceSpec = {
  name: 'uif_claims',
  connector: 'postgres',
  table: 'employment.uif_claims',
  columns: [col('claimant_id_number'), col('claim_date', 'DATE'), col('reason'), updatedAt],
  key: ['claimant_id_number', 'claim_date'],
  rules: [...idRules('claimant_id_number'), dateRule('claim_date'), updatedRule],
  legalBasis: 'Unemployment Insurance Act 63 of 2001; POPIA s.15(3)(e) and s.27(1)(d) research',
};

export const HEALTH: SourceSpec = {
  name: 'health',
  connector: 'health_csv',
  columns: [
    col('visit_id'),
    col('patient_id_number'),
    col('facility_code'),
    col('facility_name'),
    col('district_code'),
    col('visit_date', 'DATE'),
    col('icd10_code'),
    col('programme'),
    updatedAt,
  ],
  key: ['visit_id'],
  rules: [
    ...idRules('patient_id_number'),
    dateRule('visit_date'),
    {
      reason: 'unknown code in icd10_code',
      bad: `icd10_code is null or not regexp_full_match(icd10_code, '[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?')`,
    },
    codeRule('programme', PROGRAMMES),
    codeRule('district_code', DISTRICT_CODES),
    updatedRule,
  ],
  legalBasis:
    'National Health Act 61 of 2003 s.71 (research, with ethics approval); POPIA s.15(3)(e), s.27(1)(d) and s.32',
};

export const EDUCATION: SourceSpec = {
  name: 'education',
  connector: 'dci',
  columns: [
    col('enrolment_id'),
    col('learner_id_number'),
    col('institution_code'),
    col('institution_name'),
    col('institution_type'),
    col('grade'),
    col('programme'),
    col('year', 'INTEGER'),
    col('bursary_amount', 'DOUBLE'),
    col('outcome'),
    col('district_code'),
    updatedAt,
  ],
  key: ['enrolment_id'],
  rules: [
    ...idRules('learner_id_number'),
    codeRule('institution_type', INSTITUTION_TYPES),
    codeRule('outcome', OUTCOMES),
    {
      reason: 'impossible year',
      bad: `try_cast(year as int) is null or try_cast(year as int) < 1950 or try_cast(year as int) > year($partition_end::date)`,
    },
    numberRule('bursary_amount', true),
    codeRule('district_code', DISTRICT_CODES),
    updatedRule,
  ],
  legalBasis: 'statistical research purpose stated in the DCI search authorize.purpose; POPIA s.27(1)(d)',
};

export const SOURCES: readonly SourceSpec[] = [POPULATION, GRANTS, EMPLOYMENT, UIF_CLAIMS, HEALTH, EDUCATION];

/** Luhn sum of a digit pair (even position as is, odd position doubled), indexed by the pair's value + 1. */
const LUHN_PAIR_SUMS = Array.from({ length: 100 }, (_, pair) => {
  const doubled = 2 * (pair % 10);
  return Math.floor(pair / 10) + (doubled > 9 ? doubled - 9 : doubled);
});

/**
 * Registers the SQL helpers the rules use on a DuckDB connection. The Luhn sum of the 13 digits is taken on the
 * ID read as one integer, two digits at a time through a table of pair sums (no list or substrings per row: it
 * runs on every ID of every extract); a value that is not a number gives false, never an error (the shape rule
 * comes first and names it).
 */
export const VALIDATION_MACROS = `
create or replace temp macro sdf_luhn_sum(n) as (
  ${Array.from({ length: 6 }, (_, k) => `[${LUHN_PAIR_SUMS.join(',')}][((n // ${10 ** (11 - 2 * k)}) % 100) + 1]`).join('\n  + ')}
  + n % 10);
create or replace temp macro sdf_luhn_ok(x) as coalesce(sdf_luhn_sum(try_cast(x as bigint)) % 10 = 0, false);`;
