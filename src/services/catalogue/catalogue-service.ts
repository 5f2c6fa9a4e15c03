import type { QueryCreator } from 'kysely';
import {
  CATALOGUE_COLUMNS,
  type CatalogueEntry,
  catalogueEntryToCells,
  parseCatalogueRecords,
} from '../../domain/catalogue/catalogue-entry.js';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { BasisPoints, Fen } from '../../domain/money/fen.js';
import type { Db, Executor } from '../../store/database.js';
import type { CatalogueItemRow, CatalogueVersion, DB } from '../../store/schema.js';
import { type Actor, requireRegion, requireRole, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { type Page, type PageQuery, pageBounds } from '../pagination.js';
import { type FileFormat, readTable, type Table, writeCsv, writeXlsx } from './catalogue-file.js';

export interface CatalogueItemView extends CatalogueEntry {
  readonly versionNo: number;
}

export interface CatalogueVersionView {
  readonly id: number;
  readonly regionCode: string;
  readonly versionNo: number;
  readonly effectiveFrom: string;
  readonly rowCount: number;
  readonly note: string;
  readonly fileName: string;
  readonly importedBy: string;
  readonly importedAt: string;
}

export interface CatalogueQuery extends PageQuery {
  readonly regionCode: string;
  /** The date the catalogue is looked up at; default today. */
  readonly date?: string;
  readonly kind?: string;
  readonly itemClass?: string;
  readonly q?: string;
  readonly negotiated?: boolean;
  readonly dualChannel?: boolean;
  readonly codes?: readonly string[];
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export class CatalogueService {
  constructor(
    private readonly db: Db,
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {}

  /**
   * The entries in force on a date: for each code, its row in the newest version effective on or
   * before the date, kept only while the row's own validity covers the date. A version holds the
   * rows it imports, so an import of a few rows updates just those codes (增量) and a full file
   * replaces them all.
   */
  private inForce(executor: QueryCreator<DB>, regionCode: string, date: string) {
    return executor
      .selectFrom('catalogue_items as ci')
      .innerJoin('catalogue_versions as v', 'v.id', 'ci.version_id')
      .where('ci.region_code', '=', regionCode)
      .where('v.effective_from', '<=', date)
      .distinctOn('ci.code')
      .selectAll('ci')
      .select('v.version_no')
      .orderBy('ci.code')
      .orderBy('v.effective_from', 'desc')
      .orderBy('v.id', 'desc');
  }

  async list(q: CatalogueQuery): Promise<Page<CatalogueItemView>> {
    const { page, pageSize, offset } = pageBounds(q);
    const date = q.date ?? this.today();
    if (!ISO.test(date))
      throw validationError([
        fieldProblem('date', 'date', '日期格式应为 yyyy-mm-dd', 'Date must be yyyy-mm-dd'),
      ]);
    let query = this.db
      .with('cur', (db) => this.inForce(db, q.regionCode, date))
      .selectFrom('cur')
      .where('cur.valid_from', '<=', date)
      .where((eb) => eb.or([eb('cur.valid_to', 'is', null), eb('cur.valid_to', '>=', date)]));
    if (q.kind) query = query.where('cur.kind', '=', q.kind as CatalogueItemRow['kind']);
    if (q.itemClass)
      query = query.where('cur.item_class', '=', q.itemClass as CatalogueItemRow['item_class']);
    if (q.negotiated !== undefined) query = query.where('cur.negotiated', '=', q.negotiated);
    if (q.dualChannel !== undefined) query = query.where('cur.dual_channel', '=', q.dualChannel);
    if (q.codes) query = query.where('cur.code', 'in', q.codes.length ? [...q.codes] : ['']);
    if (q.q) {
      const term = `%${q.q.trim()}%`;
      query = query.where((eb) =>
        eb.or([
          eb('cur.name', 'like', term),
          eb('cur.generic_name', 'like', term),
          eb('cur.code', 'like', `${q.q!.trim().toUpperCase()}%`),
        ]),
      );
    }
    const [rows, count] = await Promise.all([
      query.selectAll('cur').orderBy('cur.code').limit(pageSize).offset(offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toView), total: Number(count.n), page, pageSize };
  }

  /** One item in force on a date, or YB_ERR_CATALOGUE_ITEM_NOT_FOUND. */
  async lookup(
    regionCode: string,
    code: string,
    date: string,
    executor: Executor = this.db,
  ): Promise<CatalogueItemView> {
    const row = await this.inForce(executor, regionCode, date).where('ci.code', '=', code).executeTakeFirst();
    if (!row || row.valid_from > date || (row.valid_to !== null && row.valid_to < date)) {
      throw new AppError('YB_ERR_CATALOGUE_ITEM_NOT_FOUND', { detail: `${regionCode}/${code}@${date}` });
    }
    return toView(row);
  }

  async versions(regionCode: string): Promise<CatalogueVersionView[]> {
    const rows = await this.db
      .selectFrom('catalogue_versions')
      .selectAll()
      .where('region_code', '=', regionCode)
      .orderBy('version_no', 'desc')
      .execute();
    return rows.map(toVersionView);
  }

  /**
   * Imports a CSV or XLSX file as a new version. Every row is validated first; if any row is bad
   * the error lists every bad row with its line and reason and nothing is written.
   */
  async importFile(
    actor: Actor,
    input: {
      regionCode: string;
      effectiveFrom: string;
      note?: string;
      fileName: string;
      format: FileFormat;
      data: Buffer;
    },
  ): Promise<CatalogueVersionView> {
    requireRole(actor, WRITER_ROLES);
    const table = await readTable(input.data, input.format);
    return this.importTable(actor, { ...input, table });
  }

  async importTable(
    actor: Actor,
    input: { regionCode: string; effectiveFrom: string; note?: string; fileName: string; table: Table },
    executor?: Executor,
  ): Promise<CatalogueVersionView> {
    requireRole(actor, WRITER_ROLES);
    const problems = [];
    if (!/^\d{6}$/.test(input.regionCode))
      problems.push(
        fieldProblem('regionCode', 'format', '区划代码应为 6 位数字', 'The region code must have 6 digits'),
      );
    if (!ISO.test(input.effectiveFrom))
      problems.push(
        fieldProblem(
          'effectiveFrom',
          'date',
          '生效日期格式应为 yyyy-mm-dd',
          'effectiveFrom must be yyyy-mm-dd',
        ),
      );
    if (problems.length) throw validationError(problems);
    requireRegion(actor, input.regionCode);
    const { entries, problems: rowProblems } = parseCatalogueRecords(input.table.headers, input.table.rows);
    if (rowProblems.length > 0) throw new AppError('YB_ERR_CATALOGUE_IMPORT_INVALID', { rows: rowProblems });
    const run = async (tx: Executor) => {
      const region = await tx
        .selectFrom('regions')
        .select('level')
        .where('code', '=', input.regionCode)
        .executeTakeFirst();
      if (region?.level !== 'city')
        throw validationError([
          fieldProblem(
            'regionCode',
            'notPoolingRegion',
            '须为市级统筹区代码',
            'Must be a city-level pooling region code',
          ),
        ]);
      // Serialise version numbering per region.
      await tx
        .selectFrom('regions')
        .select('code')
        .where('code', '=', input.regionCode)
        .forUpdate()
        .execute();
      const last = await tx
        .selectFrom('catalogue_versions')
        .select((eb) => eb.fn.max('version_no').as('n'))
        .where('region_code', '=', input.regionCode)
        .executeTakeFirst();
      const version = await tx
        .insertInto('catalogue_versions')
        .values({
          region_code: input.regionCode,
          version_no: Number(last?.n ?? 0) + 1,
          effective_from: input.effectiveFrom,
          row_count: entries.length,
          note: input.note ?? '',
          file_name: input.fileName,
          imported_by: actor.username,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      for (let i = 0; i < entries.length; i += 500) {
        await tx
          .insertInto('catalogue_items')
          .values(entries.slice(i, i + 500).map((e) => toRow(e, version.id, input.regionCode)))
          .execute();
      }
      await recordHistory(tx, actor, {
        entityType: 'catalogue',
        entityId: version.id,
        regionCode: input.regionCode,
        action: 'import',
        before: null,
        after: {
          version_no: version.version_no,
          effective_from: version.effective_from,
          row_count: version.row_count,
          file_name: version.file_name,
        },
      });
      return version;
    };
    const version = executor ? await run(executor) : await this.db.transaction().execute(run);
    return toVersionView(version);
  }

  /** The catalogue in force on a date as a file that imports back unchanged. */
  async exportFile(regionCode: string, date: string, format: FileFormat): Promise<Buffer> {
    const all: CatalogueItemView[] = [];
    for (let page = 1; ; page++) {
      const r = await this.list({ regionCode, date, page, pageSize: 200 });
      all.push(...r.items);
      if (all.length >= r.total || r.items.length === 0) break;
    }
    const table: Table = {
      headers: CATALOGUE_COLUMNS.map((c) => c.key),
      rows: all.map(catalogueEntryToCells),
    };
    return format === 'csv' ? writeCsv(table) : writeXlsx(table, `${regionCode}-${date}`);
  }
}

function toRow(e: CatalogueEntry, versionId: number, regionCode: string) {
  return {
    version_id: versionId,
    region_code: regionCode,
    code: e.code,
    kind: e.kind,
    name: e.name,
    generic_name: e.genericName,
    specification: e.specification,
    dosage_form: e.dosageForm,
    unit: e.unit,
    manufacturer: e.manufacturer,
    item_class: e.itemClass,
    first_self_pay_bp: e.firstSelfPayBp,
    payment_standard: e.paymentStandard,
    restrict_sex: e.restrictions.sex ?? null,
    restrict_age_min: e.restrictions.ageMin ?? null,
    restrict_age_max: e.restrictions.ageMax ?? null,
    restrict_min_level: e.restrictions.minLevel ?? null,
    restrict_indication: e.restrictions.indication ?? null,
    quantity_limit: e.restrictions.quantityLimit ?? null,
    negotiated: e.negotiated,
    dual_channel: e.dualChannel,
    valid_from: e.validFrom,
    valid_to: e.validTo,
  };
}

function toView(r: CatalogueItemRow & { version_no: number }): CatalogueItemView {
  return {
    code: r.code,
    kind: r.kind,
    name: r.name,
    genericName: r.generic_name,
    specification: r.specification,
    dosageForm: r.dosage_form,
    unit: r.unit,
    manufacturer: r.manufacturer,
    itemClass: r.item_class,
    firstSelfPayBp: r.first_self_pay_bp as BasisPoints | null,
    paymentStandard: r.payment_standard as Fen,
    restrictions: {
      ...(r.restrict_sex ? { sex: r.restrict_sex } : {}),
      ...(r.restrict_age_min !== null ? { ageMin: r.restrict_age_min } : {}),
      ...(r.restrict_age_max !== null ? { ageMax: r.restrict_age_max } : {}),
      ...(r.restrict_min_level !== null ? { minLevel: r.restrict_min_level } : {}),
      ...(r.restrict_indication ? { indication: r.restrict_indication } : {}),
      ...(r.quantity_limit !== null ? { quantityLimit: r.quantity_limit } : {}),
    },
    negotiated: r.negotiated,
    dualChannel: r.dual_channel,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    versionNo: r.version_no,
  };
}

function toVersionView(v: CatalogueVersion): CatalogueVersionView {
  return {
    id: v.id,
    regionCode: v.region_code,
    versionNo: v.version_no,
    effectiveFrom: v.effective_from,
    rowCount: v.row_count,
    note: v.note,
    fileName: v.file_name,
    importedBy: v.imported_by,
    importedAt: v.imported_at.toISOString(),
  };
}
