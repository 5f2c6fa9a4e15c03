/**
 * Mobile payment (支付不见面) and credit payment (先诊疗后付费): payment orders made from a
 * pre-settlement that the insured person confirms in the public hall, the debts of credit
 * settlements, and the reminders the periodic sweep writes. A visit with a pending order is held
 * in the visit status `payment_pending`, so neither its lines nor the counter can touch it.
 */
export const statements: readonly string[] = [
  `alter table visits drop constraint if exists visits_status_check`,
  `alter table visits add constraint visits_status_check
     check (status in ('open', 'discharged', 'settled', 'cancelled', 'payment_pending'))`,

  `create table payment_orders (
    id integer generated always as identity primary key,
    order_no text not null unique,
    region_code text not null,
    visit_id integer not null references visits(id),
    person_id integer not null references persons(id),
    institution_id integer not null references institutions(id),
    -- the status the visit returns to when the order ends unpaid
    visit_status_before text not null check (visit_status_before in ('open', 'discharged')),
    client_key text not null,
    policy_id text not null,
    total bigint not null check (total >= 0),
    fund_share bigint not null check (fund_share >= 0),
    person_share bigint not null check (person_share >= 0),
    -- the split when the person pays from the personal account (家庭共济 included)
    account_share bigint not null check (account_share >= 0),
    breakdown jsonb not null,
    status text not null check (status in ('pending', 'paid', 'declined', 'cancelled', 'expired')),
    expires_at timestamptz not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    repriced_at timestamptz,
    use_account boolean,
    channel text check (channel in ('online', 'credit')),
    paid_amount bigint check (paid_amount >= 0),
    paid_at timestamptz,
    settlement_id integer references settlements(id),
    ended_at timestamptz,
    ended_by text,
    unique (institution_id, client_key)
  )`,
  `create index payment_orders_person on payment_orders(person_id, id)`,
  `create index payment_orders_visit on payment_orders(visit_id)`,
  `create index payment_orders_pending on payment_orders(expires_at) where status = 'pending'`,
  // one pending order per visit, whatever the race
  `create unique index payment_orders_one_pending on payment_orders(visit_id) where status = 'pending'`,

  `create table credit_debts (
    id integer generated always as identity primary key,
    region_code text not null,
    person_id integer not null references persons(id),
    settlement_id integer not null unique references settlements(id),
    order_id integer references payment_orders(id),
    institution_id integer not null references institutions(id),
    amount bigint not null check (amount > 0),
    due_date date not null,
    -- the day the sweep writes the reminder (policy creditPayment.remindDaysBefore before due)
    remind_on date not null,
    status text not null check (status in ('open', 'paid')),
    created_at timestamptz not null default now(),
    paid_at timestamptz,
    paid_channel text
  )`,
  `create index credit_debts_person on credit_debts(person_id, id)`,
  `create index credit_debts_open on credit_debts(due_date) where status = 'open'`,

  `create table notifications (
    id bigint generated always as identity primary key,
    region_code text not null,
    person_id integer not null references persons(id),
    kind text not null,
    -- what the notice is about, e.g. debt:12; with kind, one notice per subject and kind
    subject text not null,
    title_zh text not null,
    title_en text not null,
    created_at timestamptz not null default now(),
    read_at timestamptz,
    unique (kind, subject)
  )`,
  `create index notifications_person on notifications(person_id, id)`,
];
