-- A real query's output is checked after it runs: the status `checking` lies between `running` and `succeeded`,
-- so a client polling for a terminal status never reads `succeeded` before the outcome is stored.
alter table enclave.queries drop constraint if exists queries_status_check;
alter table enclave.queries add constraint queries_status_check
  check (status in ('queued', 'running', 'checking', 'succeeded', 'failed'));
