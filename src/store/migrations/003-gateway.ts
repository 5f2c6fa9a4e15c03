/**
 * HIS transaction gateway: registered terminals (一机一码) with their credentials, used nonces,
 * the answer stored per msgid (idempotency), and a log of refused requests.
 */
export const statements: readonly string[] = [
  // Secrets stay readable: the gateway recomputes SHA-256 / HMAC-SHA1 with them. They are shown
  // once when the terminal is registered and never returned or logged afterwards.
  `create table terminals (
    id integer generated always as identity primary key,
    institution_id integer not null references institutions(id),
    region_code text not null,
    dev_no text not null unique,
    kind text not null check (kind in ('counter', 'kiosk', 'mobile', 'face')),
    location text not null default '',
    paasid text not null unique,
    pass_token text not null,
    access_key text not null unique,
    secret_key text not null,
    status text not null default 'active' check (status in ('active', 'revoked')),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_by text
  )`,
  `create index terminals_institution on terminals(institution_id, id)`,

  `create table gateway_nonces (
    terminal_id integer not null references terminals(id),
    nonce text not null,
    at timestamptz not null default now(),
    primary key (terminal_id, nonce)
  )`,
  `create index gateway_nonces_at on gateway_nonces(at)`,

  // Written in the same transaction as the business effect: a msgid answers once.
  `create table gateway_messages (
    msgid text primary key,
    institution_id integer not null references institutions(id),
    infno text not null,
    request_hash text not null,
    response jsonb,
    infcode integer not null default 0,
    created_at timestamptz not null default now()
  )`,

  `create table gateway_rejections (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    reason text not null,
    dev_no text,
    paasid text,
    access_key text,
    ip text not null default '',
    infno text,
    msgid text
  )`,
  `create index gateway_rejections_at on gateway_rejections(at)`,
];
