-- The department databases the pipelines extract from. Each is its own schema, as if a separate system.
create schema if not exists population;
create schema if not exists grants;
create schema if not exists employment;
create schema if not exists education;
create schema if not exists sources_meta;
create table if not exists sources_meta.synth_runs (
  id bigserial primary key,
  persons int not null,
  seed int not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  summary jsonb
);
