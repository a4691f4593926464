create schema if not exists web;
-- Browser sessions opened by signing in with an API token. The cookie holds a random id; only its SHA-256 is
-- stored. A session dies with its token (revoked or expired), at its own expiry, or at sign-out.
create table web.sessions (
  id_hash text primary key,
  user_id uuid not null references enclave.users (id),
  token_id uuid not null references enclave.tokens (id),
  -- synchronizer token: every state-changing request made with the cookie must echo it in X-CSRF-Token
  csrf text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index sessions_user on web.sessions (user_id);
