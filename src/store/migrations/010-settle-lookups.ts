/**
 * Cheaper settlements, from profiling the settle path on PostgreSQL (bench/settlement.ts):
 *
 * - `yb_settle_owner_ids` in PL/pgSQL instead of SQL: PostgreSQL plans a SQL function it cannot
 *   inline on every call, while PL/pgSQL keeps its plans for the session. A settlement calls it
 *   up to three times (load, and write's lock and digest); the re-planning was about a tenth of
 *   the server's CPU per settlement.
 * - It looks mutual-aid links up by beneficiary, which the primary key (owner first) cannot
 *   serve: an index, so a region with many 家庭共济 links does not scan them all per settlement.
 * - Only reversed settlements need the reversal-time index (3201/3202 periods); a partial index
 *   spares every settlement insert one index entry.
 */
export const statements: readonly string[] = [
  `create or replace function yb_settle_owner_ids(p_person_id integer) returns integer[] language plpgsql stable as $$
   begin
     -- 家庭共济: the own account first, then relatives who authorised this person, in the order they did.
     return array[p_person_id] || array(
       select m.owner_person_id from mutual_aid_links m
        where m.beneficiary_person_id = p_person_id
        order by m.created_at, m.owner_person_id);
   end
   $$`,
  `create index mutual_aid_links_beneficiary on mutual_aid_links(beneficiary_person_id, created_at, owner_person_id)`,
  `drop index settlements_institution_reversed_at`,
  `create index settlements_institution_reversed_at on settlements(institution_id, reversed_at) where reversed_at is not null`,
];
