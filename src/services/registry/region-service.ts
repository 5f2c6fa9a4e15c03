import { AppError } from '../../domain/errors/app-error.js';
import type { Executor } from '../../store/database.js';
import type { Page, PageQuery } from '../pagination.js';
import { pageBounds } from '../pagination.js';

export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: 'province' | 'city' | 'district';
  readonly parentCode: string | null;
}

export class RegionService {
  constructor(private readonly db: Executor) {}

  async list(
    q: PageQuery & { parentCode?: string; level?: Region['level']; q?: string },
  ): Promise<Page<Region>> {
    const { page, pageSize, offset } = pageBounds(q);
    let query = this.db.selectFrom('regions');
    if (q.parentCode) query = query.where('parent_code', '=', q.parentCode);
    if (q.level) query = query.where('level', '=', q.level);
    if (q.q)
      query = query.where((eb) => eb.or([eb('name', 'like', `%${q.q}%`), eb('code', 'like', `${q.q}%`)]));
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('code').limit(pageSize).offset(offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toRegion), total: Number(count.n), page, pageSize };
  }

  async get(code: string, executor: Executor = this.db): Promise<Region> {
    const row = await executor.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row) throw new AppError('YB_ERR_REGION_NOT_FOUND', { detail: code });
    return toRegion(row);
  }

  /** Names for a set of codes, for lists. */
  async names(codes: readonly string[], executor: Executor = this.db): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await executor
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('code', 'in', [...new Set(codes)])
      .execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}

function toRegion(r: {
  code: string;
  name: string;
  level: Region['level'];
  parent_code: string | null;
}): Region {
  return { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code };
}
