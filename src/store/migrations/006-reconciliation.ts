/**
 * HIS reversal (2601), files (9101/9102) and reconciliation (3201/3202): the link from a message
 * to the 2601 that reversed it, the input of messages 2601 may have to read back, and the files
 * an institution uploads or the gateway produces for it.
 */
export const statements: readonly string[] = [
  // The input of the reversible messages only (2201/2401/2204/2301/2207/2304): 2601 reads back
  // which fee lines an upload wrote. Other messages keep only their hash.
  `alter table gateway_messages add column request jsonb`,
  `alter table gateway_messages add column reversed_by_msgid text`,
  `alter table gateway_messages add column reversed_at timestamptz`,

  `create table gateway_files (
    id bigint generated always as identity primary key,
    file_qury_no text not null unique,
    institution_id integer not null references institutions(id),
    region_code text not null,
    kind text not null check (kind in ('upload', 'result')),
    filename text not null,
    content bytea not null,
    size integer not null check (size >= 0),
    sha256 text not null,
    msgid text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`,
  `create index gateway_files_institution on gateway_files(institution_id, id)`,

  // 3201/3202 sum an institution's settlements settled, and those reversed, in a period.
  `create index settlements_institution_settled_at on settlements(institution_id, settled_at)`,
  `create index settlements_institution_reversed_at on settlements(institution_id, reversed_at)`,
];
