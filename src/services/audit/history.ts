import type { Executor } from '../../store/database.js';
import type { Actor } from '../actor.js';

export type EntityType =
  | 'person'
  | 'employer'
  | 'institution'
  | 'enrolment'
  | 'catalogue'
  | 'user'
  | 'relation'
  | 'policy'
  | 'visit'
  | 'settlement'
  | 'filing'
  | 'e_voucher'
  | 'e_voucher_grant'
  | 'payment_order'
  | 'terminal';

/** Field-by-field changes between two versions of a record; unchanged fields are left out. */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (k === 'updated_at' || k === 'created_at') continue;
    const from = normalise(before?.[k]);
    const to = normalise(after?.[k]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[k] = { from, to };
  }
  return changes;
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v ?? null;
}

/** Writes one history row in the caller's transaction. */
export async function recordHistory(
  tx: Executor,
  actor: Actor,
  entry: {
    entityType: EntityType;
    entityId: number | string;
    regionCode: string;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  },
): Promise<void> {
  await tx
    .insertInto('history')
    .values({
      region_code: entry.regionCode,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      action: entry.action,
      actor_user_id: actor.userId,
      actor_username: actor.username,
      changes: JSON.stringify(diffRecords(entry.before, entry.after)),
    })
    .execute();
}
