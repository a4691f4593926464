-- The department tables as the source systems hold them. No primary keys or checks on purpose: the synthetic
-- data seeds dirty rows (duplicates, unknown codes) that a real system lets through and the pipelines must catch.
-- Indexes are built by `sdf synth` after each bulk load.
create table if not exists population.provinces (code text primary key, name text not null);
create table if not exists population.districts (
  code text primary key, name text not null, province_code text not null, kind text not null
);
create table if not exists population.local_municipalities (
  code text primary key, name text not null, district_code text not null
);
create table if not exists population.wards (code text primary key, local_municipality_code text not null);
create table if not exists population.persons (
  id_number text, first_name text, surname text, date_of_birth date, sex text, citizenship text,
  population_group text, date_of_death date, province_code text, district_code text,
  local_municipality_code text, ward_code text, household_id text, address_line text, phone text,
  updated_at timestamptz
);
create table if not exists grants.grants (
  grant_id text, beneficiary_id_number text, grant_type text, child_id_number text, application_date date,
  status text, monthly_amount numeric(10, 2), pay_point text, province_code text, district_code text,
  updated_at timestamptz
);
create table if not exists employment.employers (employer_id text, name text, industry_code text);
create table if not exists employment.monthly_earnings (
  employee_id_number text, employer_id text, month date, gross_income numeric(12, 2), industry_code text,
  occupation_code text, updated_at timestamptz
);
create table if not exists employment.uif_claims (
  claimant_id_number text, claim_date date, reason text, updated_at timestamptz
);
create table if not exists education.enrolments (
  enrolment_id text, learner_id_number text, institution_code text, institution_name text, institution_type text,
  grade text, programme text, year int, bursary_amount numeric(10, 2), outcome text, district_code text,
  updated_at timestamptz
);
-- Message ids the education registry has seen, so a replayed request is rejected.
create table if not exists sources_meta.dci_messages (
  message_id text primary key,
  sender_id text,
  received_at timestamptz not null default now()
);
alter table sources_meta.synth_runs add column if not exists as_of date;
