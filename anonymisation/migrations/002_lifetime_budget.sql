-- Lifetime privacy budgets: a total ε per ledger (a dashboard indicator, say) over a rolling period of days;
-- every spend charged to it is dated by the partition it released, so releases near one another compose.
create table anonymisation.lifetime_budgets (
  ledger_id text primary key,
  epsilon_total numeric not null check (epsilon_total > 0),
  period_days int not null check (period_days > 0),
  updated_at timestamptz not null default now()
);

alter table anonymisation.privacy_spends
  add column ledger_id text references anonymisation.lifetime_budgets (ledger_id),
  add column charged_on date,
  add constraint privacy_spends_ledger_dated check ((ledger_id is null) = (charged_on is null));

create index privacy_spends_ledger on anonymisation.privacy_spends (ledger_id, charged_on);
