/**
 * Registry: regions, accounts, employers, persons and families, enrolments, institutions and
 * catalogues, with history and the access log. Every business table carries region_code, the
 * distribution column for a sharded deployment (DESIGN.md §7).
 */
export const statements: readonly string[] = [
  `create table regions (
    code text primary key check (code ~ '^[0-9]{6}$'),
    name text not null,
    level text not null check (level in ('province', 'city', 'district')),
    parent_code text references regions(code)
  )`,
  `create index regions_parent on regions(parent_code)`,

  `create table employers (
    id integer generated always as identity primary key,
    region_code text not null references regions(code),
    uscc text not null unique,
    name text not null,
    size_class text not null check (size_class in ('micro', 'small', 'medium', 'large')),
    industry text not null default '',
    address text not null default '',
    contact_name text not null default '',
    contact_phone text not null default '',
    status text not null default 'active' check (status in ('active', 'inactive')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index employers_region on employers(region_code, name)`,

  `create sequence person_no_seq`,
  `create table persons (
    id integer generated always as identity primary key,
    psn_no text not null unique,
    region_code text not null references regions(code),
    certno text not null unique,
    name text not null,
    sex text not null check (sex in ('M', 'F')),
    birth_date date not null,
    phone text not null default '',
    address text not null default '',
    ethnicity text not null default '',
    employer_id integer references employers(id),
    status text not null default 'active' check (status in ('active', 'inactive')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index persons_region_name on persons(region_code, name)`,
  `create index persons_employer on persons(employer_id)`,

  `create table chronic_diseases (
    code text primary key,
    name text not null
  )`,
  `create table person_chronic_diseases (
    person_id integer not null references persons(id),
    disease_code text not null references chronic_diseases(code),
    region_code text not null,
    since date not null,
    primary key (person_id, disease_code)
  )`,

  `create table families (
    id integer generated always as identity primary key,
    region_code text not null references regions(code),
    head_person_id integer not null references persons(id)
  )`,
  `create table family_members (
    family_id integer not null references families(id),
    person_id integer not null unique references persons(id),
    relation_to_head text not null check (relation_to_head in ('self', 'spouse', 'child', 'parent')),
    primary key (family_id, person_id)
  )`,
  `create table person_relations (
    person_id integer not null references persons(id),
    relative_id integer not null references persons(id),
    relation text not null check (relation in ('spouse', 'parent', 'child')),
    region_code text not null,
    created_at timestamptz not null default now(),
    primary key (person_id, relative_id),
    check (person_id <> relative_id)
  )`,

  `create table enrolments (
    id integer generated always as identity primary key,
    person_id integer not null references persons(id),
    region_code text not null references regions(code),
    insurance_type text not null check (insurance_type in ('310', '390', '320', '330', '392')),
    category text not null check (category in ('employee_active', 'employee_retired', 'flexible', 'student', 'child', 'adult_resident', 'elderly_resident')),
    employer_id integer references employers(id),
    start_date date not null,
    end_date date,
    status text not null check (status in ('active', 'suspended', 'ended')),
    end_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (end_date is null or end_date >= start_date - 1)
  )`,
  `create index enrolments_person on enrolments(person_id)`,
  // At most one active basic (310 employee / 390 resident) enrolment per person, enforced by the
  // database as well as by the service so that concurrent requests cannot both succeed.
  `create unique index enrolments_one_active_basic on enrolments(person_id)
     where status = 'active' and insurance_type in ('310', '390')`,
  `create unique index enrolments_one_active_per_type on enrolments(person_id, insurance_type) where status = 'active'`,

  `create table institutions (
    id integer generated always as identity primary key,
    code text not null unique,
    name text not null,
    kind text not null check (kind in ('hospital', 'community_health_center', 'township_health_center', 'village_clinic', 'pharmacy', 'internet_hospital')),
    level smallint check (level in (1, 2, 3)),
    level_grade text check (level_grade in ('甲', '乙', '丙')),
    region_code text not null references regions(code),
    address text not null default '',
    agreement_status text not null check (agreement_status in ('active', 'suspended', 'terminated')),
    agreement_start date not null,
    agreement_end date not null,
    dual_channel boolean not null default false,
    status text not null default 'active' check (status in ('active', 'inactive')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index institutions_region on institutions(region_code, kind)`,
  `create table institution_evaluations (
    institution_id integer not null references institutions(id),
    year smallint not null,
    grade text not null check (grade in ('excellent', 'good', 'qualified', 'unqualified')),
    score smallint not null,
    primary key (institution_id, year)
  )`,
  `create table institution_penalties (
    id integer generated always as identity primary key,
    institution_id integer not null references institutions(id),
    region_code text not null,
    date date not null,
    kind text not null check (kind in ('warning', 'fine', 'suspension', 'termination')),
    amount bigint not null default 0 check (amount >= 0),
    reason text not null,
    end_date date,
    created_at timestamptz not null default now()
  )`,

  `create table catalogue_versions (
    id integer generated always as identity primary key,
    region_code text not null references regions(code),
    version_no integer not null,
    effective_from date not null,
    row_count integer not null,
    note text not null default '',
    file_name text not null default '',
    imported_by text not null,
    imported_at timestamptz not null default now(),
    unique (region_code, version_no)
  )`,
  `create table catalogue_items (
    version_id integer not null references catalogue_versions(id),
    region_code text not null,
    code text not null,
    kind text not null check (kind in ('drug', 'service', 'consumable')),
    name text not null,
    generic_name text not null default '',
    specification text not null default '',
    dosage_form text not null default '',
    unit text not null default '',
    manufacturer text not null default '',
    item_class text not null check (item_class in ('A', 'B', 'C')),
    -- null: a class B item without its own ratio, which takes the policy's default
    first_self_pay_bp integer check (first_self_pay_bp between 0 and 10000),
    payment_standard bigint not null check (payment_standard >= 0),
    restrict_sex text check (restrict_sex in ('M', 'F')),
    restrict_age_min smallint,
    restrict_age_max smallint,
    restrict_min_level smallint check (restrict_min_level in (1, 2, 3)),
    restrict_indication text,
    quantity_limit integer,
    negotiated boolean not null default false,
    dual_channel boolean not null default false,
    valid_from date not null,
    valid_to date,
    primary key (version_id, code)
  )`,
  `create index catalogue_items_lookup on catalogue_items(region_code, code, version_id)`,

  `create table users (
    id integer generated always as identity primary key,
    username text not null unique,
    password_hash text not null,
    display_name text not null,
    role text not null check (role in ('insured', 'employer_clerk', 'institution_operator', 'agency_clerk', 'agency_reviewer', 'admin')),
    region_codes text[] not null default '{}',
    person_id integer references persons(id),
    employer_id integer references employers(id),
    institution_id integer references institutions(id),
    status text not null default 'active' check (status in ('active', 'inactive')),
    created_at timestamptz not null default now(),
    last_login_at timestamptz
  )`,
  `create table sessions (
    token_hash text primary key,
    user_id integer not null references users(id),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    ip text not null default ''
  )`,
  `create index sessions_user on sessions(user_id)`,

  `create table history (
    id bigint generated always as identity primary key,
    region_code text not null,
    entity_type text not null,
    entity_id text not null,
    action text not null,
    actor_user_id integer,
    actor_username text not null,
    at timestamptz not null default now(),
    changes jsonb not null
  )`,
  `create index history_entity on history(entity_type, entity_id, id)`,

  `create table access_log (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    user_id integer not null,
    username text not null,
    role text not null,
    person_id integer not null,
    region_code text not null,
    action text not null,
    path text not null,
    ip text not null default ''
  )`,
  `create index access_log_person on access_log(person_id, id)`,
];
