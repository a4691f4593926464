-- Five Safes "safe people" and "safe projects": users, hashed API tokens, projects with an access window,
-- memberships and dataset grants (grants are data: who granted what, when and why); queries; the audit chain.
create table enclave.users (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  role text not null check (role in ('researcher', 'custodian', 'policymaker', 'admin')),
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);

create table enclave.tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references enclave.users (id),
  -- hex SHA-256 of the token; the token itself is shown once and never stored
  token_hash text not null unique,
  label text not null default '',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);

create table enclave.projects (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  purpose text not null,
  legal_basis text not null,
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  requires_two_custodians boolean not null default false,
  auto_release_pass boolean not null default false,
  disclosure_overrides jsonb not null default '{}',
  created_by uuid references enclave.users (id),
  created_at timestamptz not null default now()
);

create table enclave.memberships (
  project_id uuid not null references enclave.projects (id),
  user_id uuid not null references enclave.users (id),
  added_by uuid references enclave.users (id),
  added_at timestamptz not null default now(),
  primary key (project_id, user_id)
);

create table enclave.dataset_grants (
  project_id uuid not null references enclave.projects (id),
  dataset_id text not null references catalog.datasets (id),
  granted_by uuid references enclave.users (id),
  reason text not null,
  granted_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (project_id, dataset_id)
);

create table enclave.queries (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references enclave.projects (id),
  user_id uuid not null references enclave.users (id),
  sql text not null,
  sql_hash text not null,
  target text not null check (target in ('synthetic', 'real')),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  error_code text,
  error_message text,
  submitted_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  -- the exact releases read: [{ datasetId, versionId, version, kind, files: [{ name, sha256 }] }]
  datasets jsonb,
  columns jsonb,
  row_count bigint,
  truncated boolean not null default false,
  -- rows are kept only for target 'synthetic'; 'real' results stay in $SDF_HOME/data/results/<id>.parquet
  rows jsonb,
  result_path text,
  -- filled by output checking
  outcome text check (outcome in ('pass', 'review', 'fail')),
  check_report jsonb
);
create index queries_user_status on enclave.queries (user_id, status);
create index queries_project on enclave.queries (project_id);

create table enclave.audit_log (
  seq bigserial primary key,
  at timestamptz not null,
  user_id uuid,
  token_id uuid,
  method text not null,
  route text not null,
  project_id text,
  sql_hash text,
  datasets jsonb,
  status int not null,
  bytes bigint not null default 0,
  duration_ms double precision not null default 0,
  details jsonb,
  prev_hash text not null,
  hash text not null unique
);
