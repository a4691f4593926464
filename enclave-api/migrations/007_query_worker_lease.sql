-- Which worker process runs a query, and when it last said it still does. A query `running` or `checking` whose
-- heartbeat is older than the lease belongs to a worker that died; every API and worker process sweeps those
-- to `failed` (interrupted), so none stays running.
alter table enclave.queries add column worker_id text, add column heartbeat_at timestamptz;
create index queries_active on enclave.queries (heartbeat_at) where status in ('running', 'checking');
