/**
 * The settlement hot path as server-side functions, so that a settlement costs two statements
 * (load, write) instead of about fourteen round trips. The engine stays in TypeScript.
 *
 * - `yb_settle_inputs` reads everything a claim depends on besides the visit and person rows:
 *   institution level and name, the basic enrolment's category, the active lines, the
 *   accumulators of the two candidate accumulator years, the accounts under 家庭共济.
 * - `yb_settle_load` returns the visit, the person, an earlier settlement under the key, the
 *   inputs and a digest of them. With `p_lock` it locks visit → person → accounts, for callers
 *   that load and write in one transaction.
 * - `yb_settle_write` locks visit → person → accounts, recomputes the digest and writes only
 *   when nothing the engine saw has changed since the load; otherwise it answers `conflict` and
 *   the caller loads again. The settlement, its postings, the accumulators, the balances and the
 *   visit status are written by this one statement, so they commit together or not at all.
 */
export const statements: readonly string[] = [
  `create function yb_settle_owner_ids(p_person_id integer) returns integer[] language sql stable as $$
     -- 家庭共济: the own account first, then relatives who authorised this person, in the order they did.
     select array[p_person_id] || array(
       select m.owner_person_id from mutual_aid_links m
        where m.beneficiary_person_id = p_person_id
        order by m.created_at, m.owner_person_id)
   $$`,

  `create function yb_settle_inputs(v visits, p_person_id integer, p_use_account boolean)
   returns jsonb language plpgsql stable as $$
   declare
     service_date date := coalesce(v.end_date, v.begin_date);
     ctx jsonb;
     lines jsonb;
     accs jsonb;
     owner_ids integer[] := array[]::integer[];
     accounts jsonb := '[]';
   begin
     select jsonb_build_object('level', i.level, 'name', i.name, 'category', e.category)
       into ctx
       from institutions i
       left join lateral (
         select en.category from enrolments en
          where en.person_id = p_person_id
            and en.insurance_type in ('310', '390')
            and en.start_date <= v.begin_date
            and (en.end_date is null or en.end_date >= v.begin_date)
            and en.status <> 'suspended'
          order by en.start_date desc
          limit 1
       ) e on true
      where i.id = v.institution_id;
     select coalesce(jsonb_agg(to_jsonb(l) order by l.line_no), '[]') into lines
       from fee_lines l where l.visit_id = v.id and l.status = 'active';
     -- The accumulator year depends on the policy's start month: both candidate years.
     select coalesce(jsonb_agg(jsonb_build_array(a.year, a.key, a.value) order by a.year, a.key), '[]')
       into accs
       from accumulators a
      where a.person_id = p_person_id
        and a.year in (extract(year from service_date)::smallint, extract(year from service_date)::smallint - 1);
     if p_use_account then
       owner_ids := yb_settle_owner_ids(p_person_id);
       select coalesce(jsonb_agg(jsonb_build_array(pa.person_id, pa.balance) order by pa.person_id), '[]')
         into accounts
         from personal_accounts pa where pa.person_id = any(owner_ids);
     end if;
     return jsonb_build_object('context', ctx, 'lines', lines, 'accumulators', accs,
                               'ownerIds', to_jsonb(owner_ids), 'accounts', accounts);
   end
   $$`,

  `create function yb_settle_load(
     p_visit_id integer,
     p_client_key text,
     p_use_account boolean,
     p_lock boolean
   ) returns jsonb language plpgsql as $$
   declare
     v visits%rowtype;
     pr persons%rowtype;
     existing jsonb;
     inputs jsonb;
   begin
     if p_lock then
       select * into v from visits where id = p_visit_id for update;
     else
       select * into v from visits where id = p_visit_id;
     end if;
     if not found then
       return null;
     end if;
     if p_lock then
       select * into pr from persons where id = v.person_id for update;
       if p_use_account then
         perform 1 from personal_accounts pa
          where pa.person_id = any(yb_settle_owner_ids(pr.id)) order by pa.person_id for update;
       end if;
     else
       select * into pr from persons where id = v.person_id;
     end if;
     if p_client_key is not null then
       select jsonb_build_object('id', s.id, 'request_hash', s.request_hash) into existing
         from settlements s
        where s.institution_id = v.institution_id and s.client_key = p_client_key;
       if existing is not null then
         return jsonb_build_object('visit', to_jsonb(v), 'person', to_jsonb(pr), 'existing', existing);
       end if;
     end if;
     inputs := yb_settle_inputs(v, pr.id, p_use_account);
     return inputs || jsonb_build_object(
       'visit', to_jsonb(v),
       'person', to_jsonb(pr),
       'digest', md5((to_jsonb(v) || inputs)::text));
   end
   $$`,

  `create function yb_settle_write(p jsonb) returns jsonb language plpgsql as $$
   declare
     v visits%rowtype;
     v_person integer;
     existing integer;
     s record;
   begin
     select * into v from visits where id = (p->>'visit_id')::integer for update;
     if not found then
       return jsonb_build_object('conflict', true);
     end if;
     select pr.id into v_person from persons pr where pr.id = v.person_id for update;
     if (p->>'use_account')::boolean then
       perform 1 from personal_accounts pa
        where pa.person_id = any(yb_settle_owner_ids(v_person)) order by pa.person_id for update;
     end if;
     select id into existing from settlements
      where institution_id = v.institution_id and client_key = p->>'client_key';
     if existing is not null then
       return jsonb_build_object('existing', existing);
     end if;
     if md5((to_jsonb(v) || yb_settle_inputs(v, v_person, (p->>'use_account')::boolean))::text)
        is distinct from p->>'digest' then
       return jsonb_build_object('conflict', true);
     end if;
     insert into settlements (
       setl_no, region_code, insured_region_code, visit_id, person_id, institution_id, client_key,
       request_hash, policy_id, status, total, fund_total, person_total, personal_account, cash,
       breakdown, inputs, clearing_status, settled_by)
     values (
       (p->>'prefix') || lpad(nextval('settlement_no_seq')::text, 8, '0'),
       v.region_code, v.insured_region_code, v.id, v.person_id, v.institution_id, p->>'client_key',
       p->>'request_hash', p->>'policy_id', 'settled', (p->>'total')::bigint,
       (p->>'fund_total')::bigint, (p->>'person_total')::bigint, (p->>'personal_account')::bigint,
       (p->>'cash')::bigint, p->'breakdown', p->'inputs', p->>'clearing_status', p->>'settled_by')
     returning id, setl_no, settled_at, clearing_status into s;
     insert into postings (settlement_id, region_code, kind, account, amount)
       select s.id, v.region_code, 'settle', x.account, x.amount
         from jsonb_to_recordset(p->'postings') as x(account text, amount bigint);
     insert into accumulators (person_id, year, key, value, region_code)
       select v.person_id, (p->>'year')::smallint, x.key, x.value, v.insured_region_code
         from jsonb_to_recordset(p->'accumulators') as x(key text, value bigint)
       on conflict on constraint accumulators_pkey
       do update set value = accumulators.value + excluded.value;
     update personal_accounts a
        set balance = a.balance + x.change, updated_at = now()
       from jsonb_to_recordset(p->'accounts') as x(person_id integer, change bigint)
      where a.person_id = x.person_id;
     update visits set status = 'settled', updated_at = now() where id = v.id;
     return jsonb_build_object('id', s.id, 'setl_no', s.setl_no, 'settled_at', s.settled_at,
                               'clearing_status', s.clearing_status);
   end
   $$`,
];
