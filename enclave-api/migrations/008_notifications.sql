-- What waits for someone: a query of theirs finished, a release was decided, a request waits for a custodian, a
-- probing alert fired, a dashboard was refreshed. Written in the transaction of the event itself, so a
-- notification exists exactly when its event committed, survives restarts and is seen by every API process.
create table enclave.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references enclave.users (id),
  kind text not null check (kind in ('query_finished', 'release_decided', 'release_waiting', 'probing_alert', 'dashboard_refreshed')),
  -- what it is about: a query, release request or dashboard id, or `<user>/<project>/<day>` for a probing alert
  subject text not null,
  project_id uuid references enclave.projects (id),
  -- the words and link are rendered from these by the API (notifications/rules.ts), never stored as prose
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user on enclave.notifications (user_id, created_at desc);
-- One unread notification per person and subject: a dashboard refreshed for thirty partitions is one line,
-- brought forward to the latest refresh.
create unique index notifications_unread_subject on enclave.notifications (user_id, kind, subject) where read_at is null;

-- A query reaching a terminal status tells its owner, whichever process or sweep wrote the status.
create function enclave.notify_query_finished() returns trigger language plpgsql as $$
begin
  insert into enclave.notifications (user_id, kind, subject, project_id, details)
  values (new.user_id, 'query_finished', new.id::text, new.project_id,
          jsonb_build_object('queryId', new.id, 'target', new.target, 'status', new.status))
  on conflict (user_id, kind, subject) where read_at is null
  do update set details = excluded.details, created_at = now();
  return null;
end $$;
create trigger queries_notify_finished after update of status on enclave.queries
  for each row when (new.status in ('succeeded', 'failed') and old.status is distinct from new.status)
  execute function enclave.notify_query_finished();

-- A dashboard published or refreshed (the catalog's upsert) tells every policymaker.
create function enclave.notify_dashboard_refreshed() returns trigger language plpgsql as $$
begin
  insert into enclave.notifications (user_id, kind, subject, details)
  select u.id, 'dashboard_refreshed', new.id, jsonb_build_object('dashboardId', new.id, 'title', new.title, 'partition', new.partition)
    from enclave.users u where u.role = 'policymaker' and u.disabled_at is null
  on conflict (user_id, kind, subject) where read_at is null
  do update set details = excluded.details, created_at = now();
  return null;
end $$;
create trigger dashboards_notify_refreshed after insert or update on catalog.dashboards
  for each row execute function enclave.notify_dashboard_refreshed();
