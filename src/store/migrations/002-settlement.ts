/**
 * Settlement: policy documents, visits with fee lines, year-to-date accumulators, personal
 * accounts, settlements with their double-entry postings. Every table carries region_code.
 */
export const statements: readonly string[] = [
  `create table policies (
    id integer generated always as identity primary key,
    policy_id text not null unique,
    region_code text not null references regions(code),
    insurance_type text not null,
    effective_from date not null,
    effective_to date,
    name text not null,
    document jsonb not null,
    loaded_by text not null,
    loaded_at timestamptz not null default now()
  )`,
  `create index policies_lookup on policies(region_code, insurance_type, effective_from)`,

  `create table personal_accounts (
    person_id integer primary key references persons(id),
    region_code text not null,
    balance bigint not null check (balance >= 0),
    updated_at timestamptz not null default now()
  )`,
  // A person may let close relatives pay from their account (家庭共济), in this order.
  `create table mutual_aid_links (
    owner_person_id integer not null references persons(id),
    beneficiary_person_id integer not null references persons(id),
    region_code text not null,
    created_at timestamptz not null default now(),
    primary key (owner_person_id, beneficiary_person_id),
    check (owner_person_id <> beneficiary_person_id)
  )`,

  `create table visits (
    id integer generated always as identity primary key,
    region_code text not null,
    insured_region_code text not null,
    person_id integer not null references persons(id),
    institution_id integer not null references institutions(id),
    insurance_type text not null,
    benefit text not null,
    med_type text not null,
    status text not null check (status in ('open', 'discharged', 'settled', 'cancelled')),
    begin_date date not null,
    end_date date,
    cross_region text not null default 'local',
    diagnosis_code text not null default '',
    diagnosis_name text not null default '',
    flags text[] not null default '{}',
    assistance_categories text[] not null default '{}',
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index visits_person on visits(person_id, id)`,
  `create index visits_institution on visits(institution_id, id)`,

  `create table fee_lines (
    id integer generated always as identity primary key,
    visit_id integer not null references visits(id),
    region_code text not null,
    line_no integer not null,
    code text not null,
    name text not null,
    item_class text not null,
    quantity10k bigint not null check (quantity10k >= 0),
    unit_price bigint not null check (unit_price >= 0),
    amount bigint not null check (amount >= 0),
    first_self_pay_bp integer,
    payment_standard bigint,
    special_class text,
    negotiated boolean not null default false,
    service_category text,
    restrictions jsonb not null default '{}',
    service_date date not null,
    status text not null default 'active' check (status in ('active', 'cancelled')),
    external_id text,
    created_at timestamptz not null default now(),
    unique (visit_id, line_no)
  )`,

  `create table accumulators (
    person_id integer not null references persons(id),
    year smallint not null,
    key text not null,
    value bigint not null,
    region_code text not null,
    primary key (person_id, year, key)
  )`,

  `create sequence settlement_no_seq`,
  `create table settlements (
    id integer generated always as identity primary key,
    setl_no text not null unique,
    region_code text not null,
    insured_region_code text not null,
    visit_id integer not null references visits(id),
    person_id integer not null references persons(id),
    institution_id integer not null references institutions(id),
    client_key text not null,
    request_hash text not null,
    policy_id text not null,
    status text not null check (status in ('settled', 'reversed')),
    total bigint not null,
    fund_total bigint not null,
    person_total bigint not null,
    personal_account bigint not null,
    cash bigint not null,
    breakdown jsonb not null,
    -- the engine's inputs (claim and year-to-date state), so any settlement can be recomputed offline
    inputs jsonb not null,
    clearing_status text not null default 'none' check (clearing_status in ('none', 'pending', 'cleared')),
    settled_at timestamptz not null default now(),
    settled_by text not null,
    reversed_at timestamptz,
    reversed_by text,
    reverse_reason text,
    unique (institution_id, client_key)
  )`,
  `create index settlements_person on settlements(person_id, id)`,
  `create index settlements_visit on settlements(visit_id)`,

  `create table postings (
    id bigint generated always as identity primary key,
    settlement_id integer not null references settlements(id),
    region_code text not null,
    kind text not null check (kind in ('settle', 'reverse')),
    account text not null,
    amount bigint not null,
    created_at timestamptz not null default now()
  )`,
  `create index postings_settlement on postings(settlement_id)`,
  `create index postings_account on postings(account)`,
];
