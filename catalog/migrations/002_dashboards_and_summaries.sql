-- Dashboards: safe aggregates for policymakers, with how they were protected and where they came from.
create table catalog.dashboards (
  id text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
  title text not null,
  description text not null default '',
  -- what the figures count or measure, e.g. 'beneficiaries'
  unit text not null,
  -- the rows of the aggregate: [{ "district": "...", "beneficiaries": 1230 }, ...]
  data jsonb not null,
  -- the columns of data that are dimensions; the others are figures
  dimensions jsonb not null default '[]',
  -- { "method": "dp" | "suppress_round", "params": { ... } }
  protection jsonb not null check (protection->>'method' in ('dp', 'suppress_round')),
  -- run, materialisation and releases the figures were computed from
  lineage jsonb not null default '{}',
  partition text not null,
  updated_at timestamptz not null default now()
);

-- Summary statistics as computed for each release (variables.summary holds those of the current anon release).
alter table catalog.dataset_versions add column summaries jsonb;

create index dataset_versions_by_dataset on catalog.dataset_versions (dataset_id, released_at desc, id desc);
