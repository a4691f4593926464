-- A loosening of a project's release policy (auto-release on, two custodians off, a less strict disclosure
-- profile) is stored here by the first custodian and applied only when a second, different one approves it.
create table enclave.policy_changes (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references enclave.projects (id),
  -- { autoReleasePass?, requiresTwoCustodians?, disclosureOverrides? }: the settings it sets
  change jsonb not null,
  -- names of the settings it loosens, when proposed
  loosens jsonb not null,
  reason text not null default '',
  status text not null default 'pending' check (status in ('pending', 'approved')),
  proposed_by uuid not null references enclave.users (id),
  proposed_at timestamptz not null default now(),
  approved_by uuid references enclave.users (id),
  approved_at timestamptz,
  -- the two-person rule, also in the data: the proposer never approves their own change
  check (approved_by is null or approved_by <> proposed_by),
  check ((status = 'approved') = (approved_by is not null))
);
create index policy_changes_project on enclave.policy_changes (project_id, proposed_at);
