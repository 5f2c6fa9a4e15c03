/**
 * Cross-region filings (异地就医备案): a person insured in one pooling region files to receive
 * care in another — long-term residence (异地长期居住), temporary care away (临时外出就医) or a
 * referral (转诊转院). region_code is the insured region (参保地), which owns the filing and is
 * the distribution column; care_region_code is where care is filed for (a city, or a whole
 * province). A revoked filing stays, with who revoked it and why.
 */
export const statements: readonly string[] = [
  `create table cross_region_filings (
    id integer generated always as identity primary key,
    region_code text not null references regions(code),
    person_id integer not null references persons(id),
    insurance_type text not null,
    care_region_code text not null references regions(code),
    kind text not null check (kind in ('longTermResidence', 'temporary', 'referral')),
    begin_date date not null,
    end_date date,
    status text not null default 'active' check (status in ('active', 'revoked')),
    reason text not null default '',
    referral_institution text not null default '',
    diagnosis_code text not null default '',
    diagnosis_name text not null default '',
    tel text not null default '',
    address text not null default '',
    created_by text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_by text,
    revoke_reason text,
    check (end_date is null or end_date >= begin_date)
  )`,
  `create index cross_region_filings_person on cross_region_filings(person_id, status, begin_date)`,
  `create index cross_region_filings_region on cross_region_filings(region_code, id)`,
];
