-- The catalog: datasets (DDI-Codebook-shaped study description), their released versions and their variables.
create schema if not exists catalog;

create table catalog.datasets (
  id text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
  title text not null,
  description text not null default '',
  -- study description: universe, unit of analysis, temporal/spatial coverage, source system, legal basis,
  -- access conditions, citation
  record jsonb not null default '{}',
  current_version_id bigint,
  current_synthetic_version_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table catalog.dataset_versions (
  id bigserial primary key,
  dataset_id text not null references catalog.datasets (id),
  kind text not null check (kind in ('anon', 'synthetic')),
  version text not null,
  -- folder relative to $SDF_HOME/data/releases, e.g. 'grants/2026-11-22'
  path text not null,
  -- [{ "name": "part-0.parquet", "sha256": "...", "bytes": 123, "rows": 456 }]
  files jsonb not null,
  row_count bigint not null,
  -- the k the release was made k-anonymous to (null for synthetic twins)
  k int,
  -- run id, code version, upstream materialisations, check results, risk and information-loss figures,
  -- anonymisation parameters
  provenance jsonb not null default '{}',
  released_at timestamptz not null default now(),
  unique (dataset_id, kind, version)
);

alter table catalog.datasets
  add constraint datasets_current_version_fk foreign key (current_version_id) references catalog.dataset_versions (id),
  add constraint datasets_current_synthetic_fk foreign key (current_synthetic_version_id)
    references catalog.dataset_versions (id);

create table catalog.variables (
  dataset_id text not null references catalog.datasets (id),
  name text not null,
  position int not null,
  label text not null default '',
  type text not null,
  role text not null check (role in ('pseudonym', 'quasi_identifier', 'sensitive', 'measure', 'other')),
  value_labels jsonb,
  anonymisation text,
  disclosure_class text,
  -- summary statistics, with any figure from fewer than the threshold of persons suppressed
  summary jsonb,
  primary key (dataset_id, name)
);
