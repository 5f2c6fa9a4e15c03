/**
 * 医保电子凭证 (e-voucher): one activation per person at a time, each with its own signing key;
 * 近亲代展 grants that let a close relative show the code; a log of scans by institutions; and the
 * failed activation attempts that rate-limit the identity check.
 */
export const statements: readonly string[] = [
  // The key signs the rotating QR tokens (HMAC-SHA256). It never leaves the server: not returned,
  // not logged. Revoking the voucher retires its key; activating again makes a new row and key.
  `create table e_vouchers (
    id integer generated always as identity primary key,
    person_id integer not null references persons(id),
    region_code text not null,
    signing_key text not null,
    status text not null default 'active' check (status in ('active', 'revoked')),
    activated_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoke_reason text
  )`,
  `create unique index e_vouchers_one_active on e_vouchers(person_id) where status = 'active'`,

  `create table e_voucher_grants (
    id integer generated always as identity primary key,
    voucher_id integer not null references e_vouchers(id),
    proxy_person_id integer not null references persons(id),
    relation text not null check (relation in ('spouse', 'parent', 'child')),
    region_code text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,
  `create unique index e_voucher_grants_one_active on e_voucher_grants(voucher_id, proxy_person_id)
    where revoked_at is null`,
  `create index e_voucher_grants_proxy on e_voucher_grants(proxy_person_id) where revoked_at is null`,

  `create table e_voucher_scans (
    id bigint generated always as identity primary key,
    voucher_id integer not null references e_vouchers(id),
    grant_id integer references e_voucher_grants(id),
    institution_id integer references institutions(id),
    region_code text not null,
    channel text not null,
    token_issued_at timestamptz not null,
    at timestamptz not null default now()
  )`,
  `create index e_voucher_scans_voucher on e_voucher_scans(voucher_id, at)`,

  `create table e_voucher_activation_failures (
    id bigint generated always as identity primary key,
    person_id integer not null references persons(id),
    at timestamptz not null default now(),
    ip text not null default ''
  )`,
  `create index e_voucher_activation_failures_person on e_voucher_activation_failures(person_id, at)`,
];
