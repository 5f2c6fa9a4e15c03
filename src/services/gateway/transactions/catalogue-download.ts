import { sql } from 'kysely';
import { Type } from 'typebox';
import { fieldProblem, validationError } from '../../../domain/errors/app-error.js';
import { wireDateTime } from '../../../domain/gateway/answer.js';
import { chrgitmLvOf, ratioOf } from '../../../domain/gateway/wire-codes.js';
import { fen, formatYuan } from '../../../domain/money/fen.js';
import { poolingRegionOf } from '../../../domain/registry/region-scope.js';
import type { CatalogueItemRow } from '../../../store/schema.js';
import { CatalogueService } from '../../catalogue/catalogue-service.js';
import type { GatewayContext, TransactionHandler } from '../gateway-context.js';
import { checkWire, refuse, text, WireText, wireDay } from '../wire-input.js';

const Opt = (max: number) => Type.Optional(Type.Union([WireText(max), Type.Null()]));

/** Rows per page when the HIS sends no page_size, and the most it may ask for. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** 1312 pages through the catalogue service, which serves at most 200 rows a page. */
export const QUERY_MAX_PAGE_SIZE = 200;

/** list_type 目录类别 (reference §3.5) of our catalogue kinds, and back. */
const LIST_TYPES: Readonly<Record<CatalogueItemRow['kind'], string>> = {
  drug: '101',
  service: '201',
  consumable: '301',
};
const KIND_OF_LIST_TYPE: Readonly<Record<string, CatalogueItemRow['kind']>> = {
  '101': 'drug',
  '201': 'service',
  '301': 'consumable',
};
/** med_chrgitm_type 医疗收费项目类别 where the kind alone says it: 09 西药费, 08 卫生材料费. */
const CHARGE_TYPES: Readonly<Record<CatalogueItemRow['kind'], string | null>> = {
  drug: '09',
  service: null,
  consumable: '08',
};

const yuan = (f: number) => Number(formatYuan(fen(f)));

type ItemRow = CatalogueItemRow & { version_no: number; effective_from?: string };

/** One catalogue row with the reference's names (1312 rows, plus 2204's price fields). */
function wireRow(r: ItemRow, beginDate: string) {
  const limited =
    r.restrict_sex !== null ||
    r.restrict_age_min !== null ||
    r.restrict_age_max !== null ||
    r.restrict_min_level !== null ||
    r.restrict_indication !== null ||
    r.quantity_limit !== null;
  return {
    hilist_code: r.code,
    hilist_name: r.name,
    insu_admdvs: r.region_code,
    begndate: beginDate,
    enddate: r.valid_to,
    list_type: LIST_TYPES[r.kind],
    med_chrgitm_type: CHARGE_TYPES[r.kind],
    chrgitm_lv: chrgitmLvOf(r.item_class),
    selfpay_prop: r.item_class === 'B' ? ratioOf(r.first_self_pay_bp) : r.item_class === 'C' ? 1 : 0,
    pric_uplmt_amt: yuan(r.payment_standard),
    lmt_used_flag: limited ? '1' : '0',
    lmt_used_dscr: r.restrict_indication,
    hi_nego_drug_flag: r.negotiated ? '1' : '0',
    dual_chnl_flag: r.dual_channel ? '1' : '0',
    drug_genname: r.generic_name || null,
    hilist_dosform: r.dosage_form || null,
    spec: r.specification || null,
    spec_unt: r.unit || null,
    prodentp_name: r.manufacturer || null,
    vali_flag: '1',
    ver: String(r.version_no),
  };
}

/** page_num / page_size as numbers: page_num ≥ 1, 1 ≤ page_size ≤ max. */
function paging(pageNum: unknown, pageSize: unknown, max: number) {
  const num = text(pageNum as string) || '1';
  const size = text(pageSize as string) || String(Math.min(DEFAULT_PAGE_SIZE, max));
  if (!/^\d{1,6}$/.test(num) || Number(num) < 1)
    throw refuse('input.data.page_num', '应为正整数', 'must be a positive integer');
  if (!/^\d{1,4}$/.test(size) || Number(size) < 1 || Number(size) > max)
    throw refuse('input.data.page_size', `应为 1–${max}`, `must be 1–${max}`);
  return { pageNum: Number(num), pageSize: Number(size) };
}

/** The page fields of an answer (PageHelper style, as the platform's paged queries answer). */
function pageFields(pageNum: number, pageSize: number, size: number, total: number) {
  const pages = Math.ceil(total / pageSize);
  return {
    pageNum,
    pageSize,
    size,
    recordCounts: total,
    pages,
    firstPage: 1,
    lastPage: Math.max(1, pages),
    has_more: pageNum * pageSize < total ? '1' : '0',
  };
}

/** The catalogue of the terminal's care region (the pooling region of its institution). */
function careRegionOf(ctx: GatewayContext, sent: unknown, path: string): string {
  const region = poolingRegionOf(ctx.terminal.regionCode);
  const asked = text(sent as string);
  if (asked && asked !== region)
    throw refuse(path, `只能查询本统筹区（${region}）的目录`, `only the catalogue of ${region} is served`);
  return region;
}

const DownloadInput = Type.Object({
  data: Type.Object({
    ver: Opt(20),
    page_num: Opt(6),
    page_size: Opt(4),
    /** regional extension: the care region, which must be the terminal's */
    insu_admdvs: Opt(6),
  }),
});

/**
 * 1301/1305/1306-style catalogue download, paged JSON instead of the platform's file: every row
 * imported into the care region's catalogue after version `ver` (empty or "0" = from the start),
 * in version then code order, each with its `ver`. The answer's `ver` is the newest version; the
 * HIS keeps it once it has every page (`has_more` "0") and sends it next time.
 */
function downloadOf(kind: CatalogueItemRow['kind']): TransactionHandler {
  return async (ctx, input) => {
    const { data } = checkWire(DownloadInput, input, 'input');
    const region = careRegionOf(ctx, data.insu_admdvs, 'input.data.insu_admdvs');
    const verText = text(data.ver) || '0';
    if (!/^\d{1,9}$/.test(verText))
      throw validationError([
        fieldProblem(
          'input.data.ver',
          'format',
          'input.data.ver：版本号应为非负整数（空或 0 表示全量）',
          'input.data.ver: version must be a non-negative integer (empty or 0 = everything)',
        ),
      ]);
    const ver = Number(verText);
    const { pageNum, pageSize } = paging(data.page_num, data.page_size, MAX_PAGE_SIZE);
    const base = ctx.tx
      .selectFrom('catalogue_items as ci')
      .innerJoin('catalogue_versions as v', 'v.id', 'ci.version_id')
      .where('ci.region_code', '=', region)
      .where('ci.kind', '=', kind)
      .where('v.version_no', '>', ver);
    const [rows, count, latest] = await Promise.all([
      base
        .selectAll('ci')
        .select(['v.version_no', 'v.effective_from'])
        .orderBy('v.version_no')
        .orderBy('ci.code')
        .limit(pageSize)
        .offset((pageNum - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ctx.tx
        .selectFrom('catalogue_versions')
        .select(sql<number | null>`max(version_no)`.as('n'))
        .where('region_code', '=', region)
        .executeTakeFirstOrThrow(),
    ]);
    const newest = Number(latest.n ?? 0);
    // A version we never issued means the HIS holds another catalogue: start again from 0.
    if (ver > newest)
      throw refuse('input.data.ver', `高于最新版本 ${newest}`, `is beyond the newest version ${newest}`);
    const total = Number(count.n);
    return {
      ver: String(newest),
      ...pageFields(pageNum, pageSize, rows.length, total),
      // A row applies from its version's effective date, or its own later start.
      data: rows.map((r) => wireRow(r, [r.valid_from, r.effective_from].sort()[1]!)),
    };
  };
}

/** 1301 西药中成药目录下载. */
export const downloadDrugs = downloadOf('drug');
/** 1305 医疗服务项目目录下载. */
export const downloadServices = downloadOf('service');
/** 1306 医用耗材目录下载. */
export const downloadConsumables = downloadOf('consumable');

const QueryInput = Type.Object({
  data: Type.Object({
    query_date: Opt(19),
    hilist_code: Opt(50),
    insu_admdvs: Opt(6),
    begndate: Opt(19),
    hilist_name: Opt(200),
    wubi: Opt(30),
    pinyin: Opt(30),
    med_chrgitm_type: Opt(6),
    chrgitm_lv: Opt(3),
    lmt_used_flag: Opt(3),
    list_type: Opt(6),
    med_use_flag: Opt(3),
    matn_used_flag: Opt(3),
    hilist_use_type: Opt(6),
    lmt_cpnd_type: Opt(6),
    vali_flag: Opt(3),
    updt_time: Opt(19),
    page_num: Opt(6),
    page_size: Opt(4),
  }),
});

const ITEM_CLASS_OF_LV: Readonly<Record<string, 'A' | 'B' | 'C'>> = { '01': 'A', '02': 'B', '03': 'C' };

/**
 * 1312 医保目录信息查询: the care region's catalogue in force on query_date (default today), by
 * hilist_code (exact), hilist_name (part of the name or generic name), list_type and chrgitm_lv,
 * paged. wubi/pinyin/updt_time and the other filters are accepted and not applied.
 */
export const queryCatalogue: TransactionHandler = async (ctx, input) => {
  const { data } = checkWire(QueryInput, input, 'input');
  const region = careRegionOf(ctx, data.insu_admdvs, 'input.data.insu_admdvs');
  const date = text(data.query_date)
    ? wireDay(data.query_date, 'input.data.query_date')
    : wireDateTime(ctx.nowMs).slice(0, 10);
  const { pageNum, pageSize } = paging(data.page_num, data.page_size, QUERY_MAX_PAGE_SIZE);
  const listType = text(data.list_type);
  const kind = listType ? KIND_OF_LIST_TYPE[listType] : undefined;
  if (listType && !kind)
    throw refuse('input.data.list_type', '应为 101、201 或 301', 'must be 101, 201 or 301');
  const lv = text(data.chrgitm_lv);
  const itemClass = lv ? ITEM_CLASS_OF_LV[lv] : undefined;
  if (lv && !itemClass) throw refuse('input.data.chrgitm_lv', '应为 01、02 或 03', 'must be 01, 02 or 03');
  const code = text(data.hilist_code);
  // The catalogue service reads through the gateway's transaction handle.
  const catalogue = new CatalogueService(ctx.tx as never);
  const page = await catalogue.list({
    regionCode: region,
    date,
    page: pageNum,
    pageSize,
    ...(kind ? { kind } : {}),
    ...(itemClass ? { itemClass } : {}),
    ...(code ? { codes: [code.toUpperCase()] } : {}),
    ...(text(data.hilist_name) ? { q: text(data.hilist_name) } : {}),
  });
  const total = page.total;
  const rows: ItemRow[] = page.items.map((i) => ({
    version_id: 0,
    region_code: region,
    code: i.code,
    kind: i.kind,
    name: i.name,
    generic_name: i.genericName,
    specification: i.specification,
    dosage_form: i.dosageForm,
    unit: i.unit,
    manufacturer: i.manufacturer,
    item_class: i.itemClass,
    first_self_pay_bp: i.firstSelfPayBp,
    payment_standard: i.paymentStandard,
    restrict_sex: i.restrictions.sex ?? null,
    restrict_age_min: i.restrictions.ageMin ?? null,
    restrict_age_max: i.restrictions.ageMax ?? null,
    restrict_min_level: i.restrictions.minLevel ?? null,
    restrict_indication: i.restrictions.indication ?? null,
    quantity_limit: i.restrictions.quantityLimit ?? null,
    negotiated: i.negotiated,
    dual_channel: i.dualChannel,
    valid_from: i.validFrom,
    valid_to: i.validTo,
    version_no: i.versionNo,
  }));
  return {
    ...pageFields(pageNum, pageSize, rows.length, total),
    data: rows.map((r) => wireRow(r, r.valid_from)),
  };
};
