import type { RowProblem } from '../errors/catalogue.js';
import { type BasisPoints, type Fen, formatRatio, formatYuan, parseRatio, parseYuan } from '../money/fen.js';

/**
 * One catalogue entry (医保目录条目): a drug, medical service or consumable with its class,
 * first self-pay ratio, payment standard and payment restrictions.
 */
export interface CatalogueEntry {
  readonly code: string;
  readonly kind: 'drug' | 'service' | 'consumable';
  readonly name: string;
  readonly genericName: string;
  readonly specification: string;
  readonly dosageForm: string;
  readonly unit: string;
  readonly manufacturer: string;
  readonly itemClass: 'A' | 'B' | 'C';
  /**
   * The item's own first self-pay ratio. Class A: 0; class C: 100 %; class B: the ratio the
   * catalogue sets for this item, or null when it sets none and the policy's default applies.
   */
  readonly firstSelfPayBp: BasisPoints | null;
  readonly paymentStandard: Fen;
  readonly restrictions: CatalogueRestrictions;
  readonly negotiated: boolean;
  readonly dualChannel: boolean;
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface CatalogueRestrictions {
  readonly sex?: 'M' | 'F';
  readonly ageMin?: number;
  readonly ageMax?: number;
  readonly minLevel?: 1 | 2 | 3;
  readonly indication?: string;
  readonly quantityLimit?: number;
}

/** File columns in order: the English key, its Chinese header, and whether it must have a value. */
export const CATALOGUE_COLUMNS = [
  { key: 'code', zh: '医保编码', required: true },
  { key: 'kind', zh: '目录类别', required: true },
  { key: 'name', zh: '名称', required: true },
  { key: 'genericName', zh: '通用名', required: false },
  { key: 'specification', zh: '规格', required: false },
  { key: 'dosageForm', zh: '剂型', required: false },
  { key: 'unit', zh: '计价单位', required: false },
  { key: 'manufacturer', zh: '生产企业', required: false },
  { key: 'itemClass', zh: '甲乙类', required: true },
  { key: 'firstSelfPayRatio', zh: '先行自付比例', required: false },
  { key: 'paymentStandard', zh: '支付标准(元)', required: true },
  { key: 'restrictSex', zh: '限定性别', required: false },
  { key: 'restrictAgeMin', zh: '限定最小年龄', required: false },
  { key: 'restrictAgeMax', zh: '限定最大年龄', required: false },
  { key: 'restrictMinLevel', zh: '限定医院等级', required: false },
  { key: 'restrictIndication', zh: '限定支付范围', required: false },
  { key: 'quantityLimit', zh: '单次限量', required: false },
  { key: 'negotiated', zh: '国谈药', required: false },
  { key: 'dualChannel', zh: '双通道', required: false },
  { key: 'validFrom', zh: '开始日期', required: true },
  { key: 'validTo', zh: '结束日期', required: false },
] as const;

export type CatalogueColumn = (typeof CATALOGUE_COLUMNS)[number]['key'];
export type CatalogueRecord = Partial<Record<CatalogueColumn, string>>;

const KIND_WORDS: Readonly<Record<string, CatalogueEntry['kind']>> = {
  drug: 'drug',
  药品: 'drug',
  service: 'service',
  医疗服务: 'service',
  诊疗项目: 'service',
  consumable: 'consumable',
  医用耗材: 'consumable',
  耗材: 'consumable',
};
const CLASS_WORDS: Readonly<Record<string, CatalogueEntry['itemClass']>> = {
  A: 'A',
  B: 'B',
  C: 'C',
  甲: 'A',
  乙: 'B',
  丙: 'C',
  甲类: 'A',
  乙类: 'B',
  丙类: 'C',
};
const SEX_WORDS: Readonly<Record<string, 'M' | 'F'>> = { M: 'M', F: 'F', 男: 'M', 女: 'F' };
const YES = new Set(['y', 'yes', 'true', '1', '是']);
const NO = new Set(['', 'n', 'no', 'false', '0', '否']);

/** Maps a header cell (English key or Chinese header, any case) to its column key. */
export function columnForHeader(header: string): CatalogueColumn | null {
  const h = header.trim().replace(/^\uFEFF/, '');
  for (const c of CATALOGUE_COLUMNS) if (c.key.toLowerCase() === h.toLowerCase() || c.zh === h) return c.key;
  return null;
}

/** Header problems: unknown or duplicated columns, and required columns that are missing. */
export function checkHeaders(headers: readonly string[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<CatalogueColumn>();
  headers.forEach((h, i) => {
    if (h.trim() === '') return;
    const col = columnForHeader(h);
    if (!col) problems.push(problem(1, `#${i + 1}`, h, 'unknownColumn', '无法识别的列名', 'Unknown column'));
    else if (seen.has(col))
      problems.push(problem(1, col, h, 'duplicateColumn', '列名重复', 'Duplicated column'));
    else seen.add(col);
  });
  for (const c of CATALOGUE_COLUMNS) {
    if (c.required && !seen.has(c.key))
      problems.push(
        problem(1, c.key, '', 'missingColumn', `缺少必填列「${c.zh}」`, `Missing required column "${c.key}"`),
      );
  }
  return problems;
}

function problem(
  line: number,
  column: string,
  value: string,
  code: string,
  zh: string,
  en: string,
): RowProblem {
  return { line, column, value, code, messageZh: zh, messageEn: en };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Accepts 2025-01-01, 2025/1/1 and 20250101; returns ISO or null. */
export function normaliseDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9.-]{3,49}$/;

/**
 * Validates one data row (line = its line in the file, header = 1). Returns the entry, or every
 * problem found in the row — never just the first.
 */
export function parseCatalogueRecord(
  record: CatalogueRecord,
  line: number,
):
  | { readonly ok: true; readonly entry: CatalogueEntry }
  | { readonly ok: false; readonly problems: readonly RowProblem[] } {
  const problems: RowProblem[] = [];
  const get = (k: CatalogueColumn) => (record[k] ?? '').trim();
  const bad = (k: CatalogueColumn, code: string, zh: string, en: string) =>
    problems.push(problem(line, k, get(k), code, zh, en));

  for (const c of CATALOGUE_COLUMNS)
    if (c.required && get(c.key) === '')
      bad(c.key, 'required', `「${c.zh}」不能为空`, `${c.key} is required`);

  const code = get('code').toUpperCase();
  if (code && !CODE_PATTERN.test(code))
    bad('code', 'format', '医保编码格式错误（4–50 位字母数字）', 'Code must be 4–50 letters and digits');

  const kind = KIND_WORDS[get('kind')] ?? KIND_WORDS[get('kind').toLowerCase()];
  if (get('kind') && !kind)
    bad('kind', 'enum', '目录类别应为 药品/医疗服务/医用耗材', 'kind must be drug, service or consumable');

  const itemClass = CLASS_WORDS[get('itemClass').toUpperCase()] ?? CLASS_WORDS[get('itemClass')];
  if (get('itemClass') && !itemClass)
    bad('itemClass', 'enum', '甲乙类应为 甲/乙/丙 或 A/B/C', 'itemClass must be A, B or C');

  let firstSelfPayBp: BasisPoints | null = null;
  const ratioText = get('firstSelfPayRatio');
  if (ratioText) {
    const r = parseRatio(ratioText);
    if (!r.ok)
      bad(
        'firstSelfPayRatio',
        'ratio',
        '先行自付比例应为 0–1 的小数或百分比',
        'firstSelfPayRatio must be a fraction 0–1 or a percentage',
      );
    else firstSelfPayBp = r.value;
  }
  if (itemClass === 'A' && firstSelfPayBp !== null && firstSelfPayBp !== 0)
    bad(
      'firstSelfPayRatio',
      'classA',
      '甲类项目不设先行自付比例',
      'Class A items have no first self-pay ratio',
    );
  if (itemClass === 'A') firstSelfPayBp = 0 as BasisPoints;
  if (itemClass === 'C') firstSelfPayBp = 10000 as BasisPoints;

  let paymentStandard = 0 as Fen;
  if (get('paymentStandard')) {
    const p = parseYuan(get('paymentStandard'));
    if (!p.ok || p.value < 0)
      bad(
        'paymentStandard',
        'money',
        '支付标准应为不超过两位小数的非负金额（元）',
        'paymentStandard must be a non-negative yuan amount with at most two decimals',
      );
    else paymentStandard = p.value;
  }

  const restrictions: { -readonly [K in keyof CatalogueRestrictions]: CatalogueRestrictions[K] } = {};
  if (get('restrictSex')) {
    const s = SEX_WORDS[get('restrictSex').toUpperCase()] ?? SEX_WORDS[get('restrictSex')];
    if (!s) bad('restrictSex', 'enum', '限定性别应为 男/女', 'restrictSex must be M or F');
    else restrictions.sex = s;
  }
  const intField = (k: CatalogueColumn, min: number, max: number): number | undefined => {
    const t = get(k);
    if (!t) return undefined;
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
      bad(k, 'integer', `应为 ${min}–${max} 的整数`, `must be an integer ${min}–${max}`);
      return undefined;
    }
    return Number(t);
  };
  const ageMin = intField('restrictAgeMin', 0, 150);
  const ageMax = intField('restrictAgeMax', 0, 150);
  if (ageMin !== undefined) restrictions.ageMin = ageMin;
  if (ageMax !== undefined) restrictions.ageMax = ageMax;
  if (ageMin !== undefined && ageMax !== undefined && ageMin > ageMax)
    bad('restrictAgeMax', 'range', '最大年龄小于最小年龄', 'restrictAgeMax is below restrictAgeMin');
  const level = intField('restrictMinLevel', 1, 3);
  if (level !== undefined) restrictions.minLevel = level as 1 | 2 | 3;
  const qty = intField('quantityLimit', 1, 1_000_000);
  if (qty !== undefined) restrictions.quantityLimit = qty;
  if (get('restrictIndication')) restrictions.indication = get('restrictIndication');

  const flag = (k: CatalogueColumn): boolean => {
    const t = get(k).toLowerCase();
    if (YES.has(t)) return true;
    if (!NO.has(t)) bad(k, 'boolean', '应为 是/否', 'must be Y or N');
    return false;
  };
  const negotiated = flag('negotiated');
  const dualChannel = flag('dualChannel');
  if (dualChannel && kind && kind !== 'drug')
    bad('dualChannel', 'drugOnly', '双通道仅适用于药品', 'Only drugs can be dual-channel');

  const validFrom = get('validFrom') ? normaliseDate(get('validFrom')) : null;
  if (get('validFrom') && !validFrom)
    bad('validFrom', 'date', '日期格式应为 yyyy-mm-dd', 'Date must be yyyy-mm-dd');
  const validTo = get('validTo') ? normaliseDate(get('validTo')) : null;
  if (get('validTo') && !validTo)
    bad('validTo', 'date', '日期格式应为 yyyy-mm-dd', 'Date must be yyyy-mm-dd');
  if (validFrom && validTo && validTo < validFrom)
    bad('validTo', 'range', '结束日期早于开始日期', 'validTo is before validFrom');

  if (problems.length > 0 || !kind || !itemClass || !validFrom) return { ok: false, problems };
  return {
    ok: true,
    entry: {
      code,
      kind,
      name: get('name'),
      genericName: get('genericName'),
      specification: get('specification'),
      dosageForm: get('dosageForm'),
      unit: get('unit'),
      manufacturer: get('manufacturer'),
      itemClass,
      firstSelfPayBp,
      paymentStandard,
      restrictions,
      negotiated,
      dualChannel,
      validFrom,
      validTo,
    },
  };
}

/**
 * Validates a whole file's rows: every bad row and every repeated code is reported. The import is
 * all or nothing, so a caller imports only when `problems` is empty.
 */
export function parseCatalogueRecords(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  firstDataLine = 2,
): { readonly entries: readonly CatalogueEntry[]; readonly problems: readonly RowProblem[] } {
  const problems = checkHeaders(headers);
  if (problems.length > 0) return { entries: [], problems };
  const columns = headers.map(columnForHeader);
  const entries: CatalogueEntry[] = [];
  const firstLineOfCode = new Map<string, number>();
  rows.forEach((cells, i) => {
    const line = firstDataLine + i;
    if (cells.every((c) => c.trim() === '')) return;
    const record: CatalogueRecord = {};
    columns.forEach((col, j) => {
      if (col) record[col] = cells[j] ?? '';
    });
    const r = parseCatalogueRecord(record, line);
    if (!r.ok) {
      problems.push(...r.problems);
      return;
    }
    const earlier = firstLineOfCode.get(r.entry.code);
    if (earlier !== undefined) {
      problems.push(
        problem(
          line,
          'code',
          r.entry.code,
          'duplicateCode',
          `医保编码与第 ${earlier} 行重复`,
          `Code repeats line ${earlier}`,
        ),
      );
      return;
    }
    firstLineOfCode.set(r.entry.code, line);
    entries.push(r.entry);
  });
  if (entries.length === 0 && problems.length === 0) {
    problems.push(problem(firstDataLine, '', '', 'empty', '文件没有数据行', 'The file has no data rows'));
  }
  return { entries, problems };
}

/** An entry as the cells of one export row, in CATALOGUE_COLUMNS order; re-importable unchanged. */
export function catalogueEntryToCells(e: CatalogueEntry): string[] {
  const r = e.restrictions;
  const values: Record<CatalogueColumn, string> = {
    code: e.code,
    kind: e.kind,
    name: e.name,
    genericName: e.genericName,
    specification: e.specification,
    dosageForm: e.dosageForm,
    unit: e.unit,
    manufacturer: e.manufacturer,
    itemClass: e.itemClass,
    firstSelfPayRatio: e.itemClass === 'B' && e.firstSelfPayBp !== null ? formatRatio(e.firstSelfPayBp) : '',
    paymentStandard: formatYuan(e.paymentStandard),
    restrictSex: r.sex ?? '',
    restrictAgeMin: r.ageMin?.toString() ?? '',
    restrictAgeMax: r.ageMax?.toString() ?? '',
    restrictMinLevel: r.minLevel?.toString() ?? '',
    restrictIndication: r.indication ?? '',
    quantityLimit: r.quantityLimit?.toString() ?? '',
    negotiated: e.negotiated ? 'Y' : 'N',
    dualChannel: e.dualChannel ? 'Y' : 'N',
    validFrom: e.validFrom,
    validTo: e.validTo ?? '',
  };
  return CATALOGUE_COLUMNS.map((c) => values[c.key]);
}
