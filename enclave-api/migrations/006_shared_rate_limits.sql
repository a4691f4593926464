-- Request counts of the rate limiters, shared by every API process (http/rate-limit-store.ts): one row per key and
-- fixed window, counted with an upsert. Unlogged: a count lost in a crash only forgives one minute of requests,
-- and skipping the WAL keeps the per-request write cheap.
create unlogged table enclave.rate_limit_windows (
  key text not null,
  window_start timestamptz not null,
  hits integer not null default 0,
  primary key (key, window_start)
);
-- The sweep deletes by age.
create index rate_limit_windows_start on enclave.rate_limit_windows (window_start);
