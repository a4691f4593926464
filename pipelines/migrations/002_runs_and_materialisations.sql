-- Our own record of pipeline work: graphile-worker deletes finished jobs, so runs, materialisations, check
-- results, lineage and quarantined rows live here.
create table pipelines.runs (
  id bigserial primary key,
  partition date not null,
  trigger text not null check (trigger in ('manual', 'backfill', 'cron', 'worker')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  config jsonb not null default '{}',
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index runs_partition_idx on pipelines.runs (partition, id desc);

create table pipelines.materialisations (
  id bigserial primary key,
  run_id bigint not null references pipelines.runs (id),
  asset_key text not null,
  partition date not null,
  code_version text not null,
  -- retrying: this attempt failed and graphile-worker will try again after its backoff
  status text not null
    check (status in ('running', 'succeeded', 'failed', 'retrying', 'blocked', 'upstream_failed')),
  attempt int not null default 1,
  -- a succeeded materialisation of an earlier run that this one reused (idempotent rerun)
  reused_from bigint references pipelines.materialisations (id),
  row_count bigint,
  metadata jsonb not null default '{}',
  error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  seconds double precision
);
create index materialisations_asset_idx on pipelines.materialisations (asset_key, partition, id desc);
create index materialisations_run_idx on pipelines.materialisations (run_id);

create table pipelines.check_results (
  id bigserial primary key,
  materialisation_id bigint not null references pipelines.materialisations (id),
  check_name text not null,
  blocking boolean not null,
  verdict text not null check (verdict in ('pass', 'review', 'fail')),
  reason text not null,
  column_name text,
  row_count bigint,
  metadata jsonb not null default '{}',
  checked_at timestamptz not null default now()
);
create index check_results_mat_idx on pipelines.check_results (materialisation_id);

-- lineage: which upstream materialisations a materialisation read
create table pipelines.lineage (
  materialisation_id bigint not null references pipelines.materialisations (id),
  upstream_materialisation_id bigint not null references pipelines.materialisations (id),
  primary key (materialisation_id, upstream_materialisation_id)
);

-- every source row that failed validation: counted, never silently dropped
create table pipelines.quarantine (
  id bigserial primary key,
  materialisation_id bigint not null references pipelines.materialisations (id),
  source text not null,
  partition date not null,
  raw_row text not null,
  reason text not null,
  quarantined_at timestamptz not null default now()
);
create index quarantine_source_idx on pipelines.quarantine (source, partition);

-- DCI message ids already sent, so a retried extract never reuses one and responses are de-duplicated
create table pipelines.dci_messages (
  message_id text primary key,
  source text not null,
  partition date not null,
  page int not null,
  purpose text not null,
  status text not null,
  sent_at timestamptz not null default now()
);
