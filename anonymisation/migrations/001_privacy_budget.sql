-- Privacy-budget ledger: one budget per dataset release, and every epsilon spent against it.
create schema if not exists anonymisation;

create table anonymisation.privacy_budgets (
  release_id text primary key,
  epsilon_total numeric not null check (epsilon_total > 0),
  created_at timestamptz not null default now()
);

create table anonymisation.privacy_spends (
  id bigserial primary key,
  release_id text not null references anonymisation.privacy_budgets (release_id),
  epsilon numeric not null check (epsilon > 0),
  purpose text not null,
  mechanism text not null,
  spent_at timestamptz not null default now()
);

create index privacy_spends_release on anonymisation.privacy_spends (release_id);
