-- Pipeline workers that are alive. Each graphile-worker pool that runs pipeline jobs (`sdf worker`, a foreground
-- `sdf pipeline run`) says so every few seconds. graphile-worker 0.17 keeps a dead pool's jobs locked for four
-- hours; a pool whose heartbeat is older than the lease (SDF_PIPELINE_LEASE_MS) is dead instead, and every live
-- worker sweeps it: its running materialisations become `retrying` and its job locks are released
-- (graphile_worker.force_unlock_workers), so a live worker resumes the run.
create table pipelines.workers (
  -- graphile-worker's pool id: what `locked_by` says on the jobs the pool holds
  lock_id text primary key,
  -- SDF_WORKER_ID, else host:pid
  worker text not null,
  host text not null,
  pid int not null,
  started_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now(),
  -- what the process reports of itself at each heartbeat (e.g. its sandbox pool), for /metrics
  stats jsonb not null default '{}'
);

-- which worker ran an attempt, and under which lock, so the sweep finds a dead worker's attempts
alter table pipelines.materialisations add column worker text, add column lock_id text;
create index materialisations_running_lock_idx on pipelines.materialisations (lock_id) where status = 'running';
