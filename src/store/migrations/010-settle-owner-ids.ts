/**
 * `yb_settle_owner_ids` in PL/pgSQL instead of SQL: PostgreSQL plans a SQL function that it
 * cannot inline on every call, while PL/pgSQL keeps its plans for the session. A settlement
 * calls it up to three times (load, and write's lock and digest); profiling showed the
 * re-planning at about a tenth of the server's CPU per settlement.
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
];
