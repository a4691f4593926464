/** Column order of each department table as the generator writes it (matches migration 002). */
export const DEPARTMENT_TABLES = {
  'population.persons': ['id_number', 'first_name', 'surname', 'date_of_birth', 'sex', 'citizenship', 'population_group',
    'date_of_death', 'province_code', 'district_code', 'local_municipality_code', 'ward_code', 'household_id',
    'address_line', 'phone', 'updated_at'],
  'grants.grants': ['grant_id', 'beneficiary_id_number', 'grant_type', 'child_id_number', 'application_date', 'status',
    'monthly_amount', 'pay_point', 'province_code', 'district_code', 'updated_at'],
  'employment.employers': ['employer_id', 'name', 'industry_code'],
  'employment.monthly_earnings': ['employee_id_number', 'employer_id', 'month', 'gross_income', 'industry_code',
    'occupation_code', 'updated_at'],
  'employment.uif_claims': ['claimant_id_number', 'claim_date', 'reason', 'updated_at'],
  'education.enrolments': ['enrolment_id', 'learner_id_number', 'institution_code', 'institution_name',
    'institution_type', 'grade', 'programme', 'year', 'bursary_amount', 'outcome', 'district_code', 'updated_at'],
} as const satisfies Record<string, readonly string[]>;
