import { AppError } from '../../domain/errors/app-error.js';
import { regionPrefix } from '../../domain/registry/region-scope.js';
import type { Db } from '../../store/database.js';
import { type Actor, isStaff, requireRole, seesAllRegions } from '../actor.js';
import { type Page, type PageQuery, pageBounds } from '../pagination.js';

export interface HistoryEntry {
  readonly id: number;
  readonly entityType: string;
  readonly entityId: string;
  readonly action: string;
  readonly actorUsername: string;
  readonly at: string;
  readonly changes: Record<string, unknown>;
}

export interface AccessLogEntry {
  readonly id: number;
  readonly at: string;
  readonly username: string;
  readonly role: string;
  readonly personId: number;
  readonly personName: string;
  readonly action: string;
  readonly path: string;
  readonly ip: string;
}

/** Reads the change history and the access log of person records. */
export class AuditService {
  constructor(private readonly db: Db) {}

  async history(
    actor: Actor,
    q: PageQuery & { entityType?: string; entityId?: string },
  ): Promise<Page<HistoryEntry>> {
    if (!isStaff(actor)) throw new AppError('YB_ERR_FORBIDDEN');
    const { page, pageSize, offset } = pageBounds(q);
    let query = this.db.selectFrom('history');
    if (!seesAllRegions(actor)) {
      const prefixes = actor.regionCodes.map(regionPrefix);
      query = query.where((eb) => eb.or(prefixes.map((p) => eb('region_code', 'like', `${p}%`))));
    }
    if (q.entityType) query = query.where('entity_type', '=', q.entityType);
    if (q.entityId) query = query.where('entity_id', '=', q.entityId);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('id', 'desc').limit(pageSize).offset(offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        entityType: r.entity_type,
        entityId: r.entity_id,
        action: r.action,
        actorUsername: r.actor_username,
        at: r.at.toISOString(),
        changes: r.changes,
      })),
      total: Number(count.n),
      page,
      pageSize,
    };
  }

  async accessLog(
    actor: Actor,
    q: PageQuery & { personId?: number; username?: string },
  ): Promise<Page<AccessLogEntry>> {
    requireRole(actor, ['admin', 'agency_reviewer', 'system']);
    const { page, pageSize, offset } = pageBounds(q);
    let query = this.db.selectFrom('access_log as a').innerJoin('persons as p', 'p.id', 'a.person_id');
    if (!seesAllRegions(actor)) {
      const prefixes = actor.regionCodes.map(regionPrefix);
      query = query.where((eb) => eb.or(prefixes.map((p) => eb('a.region_code', 'like', `${p}%`))));
    }
    if (q.personId) query = query.where('a.person_id', '=', q.personId);
    if (q.username) query = query.where('a.username', '=', q.username);
    const [rows, count] = await Promise.all([
      query
        .selectAll('a')
        .select('p.name as person_name')
        .orderBy('a.id', 'desc')
        .limit(pageSize)
        .offset(offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        username: r.username,
        role: r.role,
        personId: r.person_id,
        personName: r.person_name,
        action: r.action,
        path: r.path,
        ip: r.ip,
      })),
      total: Number(count.n),
      page,
      pageSize,
    };
  }
}
