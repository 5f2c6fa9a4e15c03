/**
 * Settlements in groups, and plans the settlement path can rely on.
 *
 * Group commit. A settlement now loads under locks and writes in one transaction, and
 * concurrent settlements share that transaction (the service groups whatever arrived while the
 * previous group was in flight): `yb_settle_load_many` locks the group's visits, then its
 * persons, then the accounts they may draw on — each set in id order, the order every writer
 * uses, so groups and single settlements queue and never deadlock — and reads each claim;
 * `yb_settle_write_many` writes all the group's settlements, postings, accumulator changes,
 * balances and visit states in one statement. A group pays once for the commit, the statement
 * overheads and the round trips that one settlement paid alone. Because the rows stay locked
 * from load to write, nothing needs re-reading to check that the state did not move: the digest
 * and the optimistic `yb_settle_write` of migration 004 are gone.
 *
 * Plans. Measured with pg_stat_statements and auto_explain on bench/settlement.ts:
 * - The accounts a person may draw on were selected with `person_id = any(array)`. The generic
 *   plan of that costs an unknown array at ten elements, so PL/pgSQL planned both statements
 *   afresh on every call (about a twelfth of the server's CPU). They now join the owners as rows.
 * - Until the first ANALYZE of a busy `settlements` table (a new deployment, a new region, a
 *   benchmark), the planner costed the two indexes that start with `institution_id` alike for the
 *   idempotency lookup `institution_id = $1 and client_key = $2`, often took
 *   `(institution_id, settled_at)`, the smaller, and read every settlement of the institution to
 *   filter on the key; PL/pgSQL kept that plan for the session. The period index is now partial
 *   on `settled_at is not null` (every row: the column is not null), so only a query with a
 *   condition on `settled_at` — the 3201/3202 period sums — can use it.
 */
export const statements: readonly string[] = [
  `drop index settlements_institution_settled_at`,
  `create index settlements_institution_settled_at on settlements(institution_id, settled_at) where settled_at is not null`,

  // A settlement's person and institution are its visit's: one foreign key says so. The two it
  // replaces checked nothing the visit's did not, and each made a settlement take a share lock
  // on its institution's row, which every concurrent settlement at a hospital contends for
  // (PostgreSQL records several lockers of one row in a multixact, written anew for each). The
  // composite key's check locks the visit row, which the settlement holds already.
  `alter table visits add constraint visits_id_institution_person unique (id, institution_id, person_id)`,
  `alter table settlements add constraint settlements_visit_institution_person_fkey
     foreign key (visit_id, institution_id, person_id) references visits(id, institution_id, person_id)`,
  `alter table settlements drop constraint settlements_visit_id_fkey`,
  `alter table settlements drop constraint settlements_person_id_fkey`,
  `alter table settlements drop constraint settlements_institution_id_fkey`,

  `drop function yb_settle_write(jsonb)`,

  `drop function yb_settle_load(integer, text, boolean, boolean)`,
  `drop function yb_settle_inputs(visits, integer, boolean)`,
  `drop function yb_settle_owner_ids(integer)`,

  // A group's items as rows. The planner takes a set-returning function at its declared row
  // count: jsonb_array_elements counts as a hundred rows, which made it hash-join whole tables;
  // one row keeps every join an index lookup per item, which is right for a handful of items.
  `create function yb_settle_items(p jsonb)
   returns table (ord bigint, visit_id integer, client_key text, use_account boolean, item jsonb)
   language plpgsql immutable rows 1 as $$
   begin
     return query
       select x.ord, (x.item->>'visit_id')::integer, x.item->>'client_key',
              coalesce((x.item->>'use_account')::boolean, false), x.item
         from jsonb_array_elements(p) with ordinality as x(item, ord);
   end
   $$`,

  // p: [{visit_id, client_key, use_account}]. Answers, per item in order, what its claim depends
  // on — the visit, the person, an earlier settlement under the key, the institution level and
  // name, the basic enrolment's category, the active lines, the accumulators of the two candidate
  // accumulator years (the year may start in another month), the owners of the accounts it may
  // draw on (own first, then relatives who authorised this person under 家庭共济, in the order they
  // did) and their balances — or null for a visit that does not exist. One statement for the
  // whole group; pre-settlement reads one item, settlement reads under yb_settle_load_many's locks.
  `create function yb_settle_read(p jsonb) returns json language plpgsql stable as $$
   declare
     docs json;
   begin
     select json_agg(d.doc order by d.ord) into docs
       from (
         select x.ord,
                case when v.id is null then null else json_build_object(
                  'visit', row_to_json(v),
                  'person', json_build_object('id', pr.id, 'name', pr.name, 'birth_date', pr.birth_date,
                                               'sex', pr.sex),
                  'existing', ex.doc,
                  'context', json_build_object('level', i.level, 'name', i.name, 'category', en.category),
                  'lines', ln.doc,
                  'accumulators', ac.doc,
                  'ownerIds', ow.ids,
                  'accounts', pa.doc)
                end as doc
           from yb_settle_items(p) x
           left join visits v on v.id = x.visit_id
           left join persons pr on pr.id = v.person_id
           left join institutions i on i.id = v.institution_id
           left join lateral (
             -- limit 1 (the key is unique) keeps this a subquery with both columns as the index
             -- condition; pulled up into the join, it was planned to read every settlement of the
             -- institution and filter on the key
             select json_build_object('id', s.id, 'request_hash', s.request_hash) as doc
               from settlements s
              where s.institution_id = v.institution_id and s.client_key = x.client_key
              limit 1
           ) ex on true
           left join lateral (
             select e.category from enrolments e
              where e.person_id = v.person_id
                and e.insurance_type in ('310', '390')
                and e.start_date <= v.begin_date
                and (e.end_date is null or e.end_date >= v.begin_date)
                and e.status <> 'suspended'
              order by e.start_date desc
              limit 1
           ) en on true
           left join lateral (
             select coalesce(json_agg(l order by l.line_no), '[]') as doc
               from fee_lines l where l.visit_id = v.id and l.status = 'active'
           ) ln on true
           left join lateral (
             select coalesce(json_agg(json_build_array(a.year, a.key, a.value) order by a.year, a.key), '[]') as doc
               from accumulators a
              where a.person_id = v.person_id
                and a.year in (extract(year from coalesce(v.end_date, v.begin_date))::smallint,
                               extract(year from coalesce(v.end_date, v.begin_date))::smallint - 1)
           ) ac on true
           left join lateral (
             select case when x.use_account
                         then array[v.person_id] || array_agg(m.owner_person_id order by m.created_at, m.owner_person_id)
                         else array[]::integer[] end as ids
               from mutual_aid_links m
              where m.beneficiary_person_id = v.person_id and x.use_account
           ) ow on true
           left join lateral (
             select coalesce(json_agg(json_build_array(a.person_id, a.balance) order by a.person_id), '[]') as doc
               from personal_accounts a
               join (select v.person_id as id
                     union
                     select m.owner_person_id from mutual_aid_links m
                      where m.beneficiary_person_id = v.person_id) o on o.id = a.person_id
              where x.use_account
           ) pa on true
       ) d;
     return docs;
   end
   $$`,

  // Settlement's read: locks the group's visits, then its persons, then the accounts they may
  // draw on, each set in id order, and reads as yb_settle_read. The caller writes with
  // yb_settle_write_many in the same transaction.
  `create function yb_settle_load_many(p jsonb) returns json language plpgsql as $$
   begin
     perform 1 from visits v join yb_settle_items(p) x on x.visit_id = v.id order by v.id for update of v;
     perform 1 from persons pr join visits v on v.person_id = pr.id join yb_settle_items(p) x on x.visit_id = v.id
      order by pr.id for update of pr;
     perform 1 from personal_accounts a
      where a.person_id in (
        select v.person_id from yb_settle_items(p) x join visits v on v.id = x.visit_id where x.use_account
        union
        select m.owner_person_id from yb_settle_items(p) x
          join visits v on v.id = x.visit_id
          join mutual_aid_links m on m.beneficiary_person_id = v.person_id
         where x.use_account)
      order by a.person_id for update of a;
     return yb_settle_read(p);
   end
   $$`,

  // The balance changes of a group, summed per account (rows 1, as yb_settle_items): as
  // jsonb_to_recordset's hundred rows, the update hash-joined the whole personal_accounts table.
  `create function yb_settle_account_changes(p jsonb)
   returns table (person_id integer, change bigint)
   language plpgsql immutable rows 1 as $$
   begin
     return query
       select x.person_id, sum(x.change)::bigint
         from jsonb_array_elements(p) i
         cross join lateral jsonb_to_recordset(i->'accounts') as x(person_id integer, change bigint)
        group by x.person_id;
   end
   $$`,

  // p: [{visit_id, prefix, client_key, request_hash, policy_id, total, fund_total, person_total,
  //      personal_account, cash, breakdown, inputs, clearing_status, settled_by, year,
  //      postings: [{account, amount}], accumulators: [{key, value}], accounts: [{person_id, change}]}]
  // with the rows locked by yb_settle_load_many in this transaction. Answers, per settlement
  // written: {visit_id, id, setl_no, settled_at, clearing_status}.
  `create function yb_settle_write_many(p jsonb) returns jsonb language plpgsql as $$
   declare
     written jsonb;
   begin
     with items as (
       select x.item, x.ord, v.id as visit_id, v.person_id, v.region_code, v.insured_region_code,
              v.institution_id
         from yb_settle_items(p) x
         join visits v on v.id = x.visit_id
     ), ins as (
       insert into settlements (
         setl_no, region_code, insured_region_code, visit_id, person_id, institution_id, client_key,
         request_hash, policy_id, status, total, fund_total, person_total, personal_account, cash,
         breakdown, inputs, clearing_status, settled_by)
       select (i.item->>'prefix') || lpad(nextval('settlement_no_seq')::text, 8, '0'),
              i.region_code, i.insured_region_code, i.visit_id, i.person_id, i.institution_id,
              i.item->>'client_key', i.item->>'request_hash', i.item->>'policy_id', 'settled',
              (i.item->>'total')::bigint, (i.item->>'fund_total')::bigint,
              (i.item->>'person_total')::bigint, (i.item->>'personal_account')::bigint,
              (i.item->>'cash')::bigint, i.item->'breakdown', i.item->'inputs',
              i.item->>'clearing_status', i.item->>'settled_by'
         from items i order by i.ord
       returning id, visit_id, region_code, setl_no, settled_at, clearing_status
     ), posted as (
       insert into postings (settlement_id, region_code, kind, account, amount)
       select s.id, s.region_code, 'settle', x.account, x.amount
         from ins s
         join items i on i.visit_id = s.visit_id
         cross join lateral jsonb_to_recordset(i.item->'postings') as x(account text, amount bigint)
     ), accumulated as (
       insert into accumulators (person_id, year, key, value, region_code)
       select i.person_id, (i.item->>'year')::smallint, x.key, sum(x.value), min(i.insured_region_code)
         from items i
         cross join lateral jsonb_to_recordset(i.item->'accumulators') as x(key text, value bigint)
        group by i.person_id, (i.item->>'year')::smallint, x.key
       on conflict on constraint accumulators_pkey
       do update set value = accumulators.value + excluded.value
     ), balances as (
       update personal_accounts a
          set balance = a.balance + c.change, updated_at = now()
         from yb_settle_account_changes(p) c
        where a.person_id = c.person_id
     ), visited as (
       update visits set status = 'settled', updated_at = now()
        where id in (select i.visit_id from items i)
     )
     select coalesce(jsonb_agg(jsonb_build_object('visit_id', s.visit_id, 'id', s.id, 'setl_no', s.setl_no,
                                                  'settled_at', s.settled_at,
                                                  'clearing_status', s.clearing_status)), '[]')
       into written
       from ins s;
     return written;
   end
   $$`,
];
