-- Output checking: the check of each real query (with its companion analysis and per-cell populations), release
-- requests and their status history, custodians' votes (one per custodian per round), and the ledger of cells
-- released to each project, used to refuse outputs that difference against them.
create table output_checks.checks (
  query_id uuid primary key references enclave.queries (id),
  outcome text not null check (outcome in ('pass', 'review', 'fail')),
  report jsonb not null,
  -- the analysis and companion SQL, and per printed group: its persons and the SQL of its population
  companion jsonb not null,
  populations jsonb not null default '[]',
  companion_rows jsonb not null default '[]',
  checked_at timestamptz not null default now()
);

create table output_checks.release_requests (
  id uuid primary key default gen_random_uuid(),
  query_id uuid not null references enclave.queries (id),
  project_id uuid not null references enclave.projects (id),
  requester_id uuid not null references enclave.users (id),
  status text not null check (status in ('submitted', 'partially_reviewed', 'approved', 'rejected', 'returned', 'withdrawn')),
  justification text not null check (length(trim(justification)) > 0),
  requires_two_custodians boolean not null,
  round int not null default 1,
  -- protection the researcher asked for ({ suppress, roundBase }) and the re-checked report of what is released
  protection jsonb not null default '{}',
  outcome text not null check (outcome in ('pass', 'review', 'fail')),
  report jsonb not null,
  -- the exact file that will be released (the result, or its protected copy) and its hash
  output_path text not null,
  output_sha256 text not null,
  auto_released boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  decided_at timestamptz
);
-- At most one live request per query.
create unique index release_requests_one_open on output_checks.release_requests (query_id)
  where status in ('submitted', 'partially_reviewed', 'returned', 'approved');
create index release_requests_status on output_checks.release_requests (status);

create table output_checks.votes (
  request_id uuid not null references output_checks.release_requests (id),
  round int not null,
  custodian_id uuid not null references enclave.users (id),
  decision text not null check (decision in ('approve', 'reject', 'return')),
  reason text not null check (length(trim(reason)) > 0),
  voted_at timestamptz not null default now(),
  primary key (request_id, round, custodian_id)
);

create table output_checks.status_changes (
  id bigserial primary key,
  request_id uuid not null references output_checks.release_requests (id),
  from_status text,
  to_status text not null,
  actor_id uuid references enclave.users (id),
  reason text not null,
  at timestamptz not null default now()
);

create table output_checks.released_cells (
  id bigserial primary key,
  project_id uuid not null references enclave.projects (id),
  request_id uuid not null references output_checks.release_requests (id),
  query_id uuid not null references enclave.queries (id),
  datasets text[] not null,
  -- the group that defines the cell and the SQL selecting its distinct persons (over the project's views)
  description text not null,
  population_sql text not null,
  persons int not null,
  released_at timestamptz not null default now()
);
create index released_cells_project on output_checks.released_cells (project_id, persons);
