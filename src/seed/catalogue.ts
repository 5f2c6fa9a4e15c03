/**
 * Turns the catalogue source lists into catalogue items with national-style codes:
 *
 * - drugs, 23 characters like the 医保药品代码: X/Z + 5-character class + generic-name letter and
 *   number (4) + dosage-form code (4) + specification (3) + manufacturer (6), e.g. XN02BEB001A001010100483;
 * - services, 15 digits: `00` + 6-digit section + 3-digit item + `0000`, e.g. 001102000010000;
 * - consumables, 20 characters: C + 6-digit classification + generic name (3) + material (2) +
 *   specification (3) + manufacturer (5).
 */
import {
  CONSUMABLE_SOURCES,
  type ConsumableSource,
  DRUG_SOURCES,
  type DrugSource,
  type ItemOptions,
  MAKERS,
  SERVICE_SOURCES,
  type ServiceSource,
} from './catalogue-data.js';
import type { DemoCatalogueItem } from './demo-types.js';

const DEFAULT_VALID_FROM = '2025-01-01';

const FORM_CODES: Readonly<Record<string, string>> = {
  片剂: 'A001',
  肠溶片: 'A002',
  咀嚼片: 'A004',
  缓释片: 'A006',
  控释片: 'A007',
  泡腾片: 'A009',
  舌下片: 'A011',
  胶囊剂: 'B001',
  肠溶胶囊: 'B002',
  缓释胶囊: 'B003',
  软胶囊: 'B005',
  颗粒剂: 'C001',
  散剂: 'C003',
  口服溶液剂: 'D001',
  口服混悬液: 'D002',
  滴剂: 'D005',
  糖浆剂: 'D006',
  合剂: 'D007',
  酊剂: 'D009',
  注射剂: 'F001',
  注射用无菌粉末: 'F002',
  腹膜透析液: 'F010',
  气雾剂: 'G001',
  吸入粉雾剂: 'G002',
  丸剂: 'H001',
  滴丸剂: 'H002',
  乳膏剂: 'J001',
  软膏剂: 'J002',
  滴眼剂: 'K001',
  块: 'L001',
};

/** Letters used in national codes (no I or O, which read as digits). */
const CODE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Originators cost more than the generics that followed them (集采 prices). */
const DRUG_PRICE_FACTORS = [1, 0.72, 0.55, 0.5, 0.45] as const;
const CONSUMABLE_PRICE_FACTORS = [1, 0.92, 1.08, 0.96, 1.04] as const;

const MAKER_KEYS = Object.keys(MAKERS);

function makerName(key: string): string {
  const name = MAKERS[key];
  if (!name) throw new Error(`unknown manufacturer key ${key}`);
  return name;
}

function makerNumber(key: string): number {
  const i = MAKER_KEYS.indexOf(key);
  if (i < 0) throw new Error(`unknown manufacturer key ${key}`);
  return i;
}

function fen(yuan: number): number {
  return Math.round(yuan * 100);
}

type Restrictions = Pick<
  DemoCatalogueItem,
  | 'restrictSex'
  | 'restrictAgeMin'
  | 'restrictAgeMax'
  | 'restrictMinLevel'
  | 'restrictIndication'
  | 'quantityLimit'
  | 'validTo'
>;

function restrictions(o: ItemOptions): Restrictions {
  return {
    ...(o.sex ? { restrictSex: o.sex } : {}),
    ...(o.ageMin !== undefined ? { restrictAgeMin: o.ageMin } : {}),
    ...(o.ageMax !== undefined ? { restrictAgeMax: o.ageMax } : {}),
    ...(o.level ? { restrictMinLevel: o.level } : {}),
    ...(o.ind ? { restrictIndication: o.ind } : {}),
    ...(o.qty ? { quantityLimit: o.qty } : {}),
    ...(o.to ? { validTo: o.to } : {}),
  };
}

/** A stable letter for a generic name, so its code does not move when the list is reordered. */
function nameLetter(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 1_000_003;
  return CODE_LETTERS[h % CODE_LETTERS.length] ?? 'A';
}

/** Numbers the distinct values seen under each group, from 1. */
class Numbering {
  private readonly seen = new Map<string, Map<string, number>>();
  of(group: string, value: string): number {
    let values = this.seen.get(group);
    if (!values) {
      values = new Map();
      this.seen.set(group, values);
    }
    let n = values.get(value);
    if (n === undefined) {
      n = values.size + 1;
      values.set(value, n);
    }
    return n;
  }
}

function drugItems(sources: readonly DrugSource[]): DemoCatalogueItem[] {
  const generics = new Numbering();
  const specs = new Numbering();
  const items: DemoCatalogueItem[] = [];
  for (const src of sources) {
    const generic = generics.of(src.family + src.atc, src.name);
    const spec = specs.of(src.name, src.spec);
    const form = FORM_CODES[src.form] ?? 'Z001';
    src.makers.forEach((maker, i) => {
      const makerCode = String(100_000 + ((makerNumber(maker) * 7919 + 483) % 900_000));
      const code = `${src.family}${src.atc}${nameLetter(src.name)}${String(generic).padStart(3, '0')}${form}${String(spec * 10).padStart(3, '0')}${makerCode}`;
      const brand = i === 0 && src.options.brand ? `(${src.options.brand})` : '';
      items.push({
        code,
        kind: 'drug',
        name: src.name + brand,
        genericName: src.name,
        specification: src.spec,
        dosageForm: src.form,
        unit: src.unit,
        manufacturer: makerName(maker),
        itemClass: src.itemClass,
        firstSelfPayBp: src.itemClass === 'A' ? 0 : src.itemClass === 'C' ? 10_000 : src.bp,
        paymentStandard: fen(src.yuan * (DRUG_PRICE_FACTORS[i] ?? 0.45)),
        ...restrictions(src.options),
        negotiated: src.options.neg ?? false,
        dualChannel: src.options.dual ?? false,
        validFrom: src.options.from ?? DEFAULT_VALID_FROM,
      });
    });
  }
  return items;
}

function serviceItems(sources: readonly ServiceSource[]): DemoCatalogueItem[] {
  const numbers = new Numbering();
  return sources.map((src) => {
    const n = numbers.of(src.section, src.name);
    return {
      code: `00${src.section}${String(n).padStart(3, '0')}0000`,
      kind: 'service',
      name: src.name,
      genericName: src.name,
      specification: '',
      dosageForm: '',
      unit: src.unit,
      manufacturer: '',
      itemClass: src.itemClass,
      firstSelfPayBp: src.itemClass === 'A' ? 0 : src.itemClass === 'C' ? 10_000 : src.bp,
      paymentStandard: fen(src.yuan),
      ...restrictions(src.options),
      negotiated: false,
      dualChannel: false,
      validFrom: src.options.from ?? DEFAULT_VALID_FROM,
    };
  });
}

function consumableItems(sources: readonly ConsumableSource[]): DemoCatalogueItem[] {
  const generics = new Numbering();
  const items: DemoCatalogueItem[] = [];
  for (const src of sources) {
    const generic = generics.of(src.category, src.name);
    src.makers.forEach((maker, i) => {
      const makerCode = String(10_000 + ((makerNumber(maker) * 37) % 90_000));
      items.push({
        code: `C${src.category}${String(generic).padStart(3, '0')}01001${makerCode}`,
        kind: 'consumable',
        name: src.name,
        genericName: src.name.replace(/\(.*\)$/, ''),
        specification: src.spec,
        dosageForm: '',
        unit: src.unit,
        manufacturer: makerName(maker),
        itemClass: src.itemClass,
        firstSelfPayBp: src.itemClass === 'A' ? 0 : src.itemClass === 'C' ? 10_000 : src.bp,
        paymentStandard: fen(src.yuan * (CONSUMABLE_PRICE_FACTORS[i] ?? 1)),
        ...restrictions(src.options),
        negotiated: false,
        dualChannel: false,
        validFrom: src.options.from ?? DEFAULT_VALID_FROM,
      });
    });
  }
  return items;
}

/** The demo catalogue; the same on every call. Throws if two items would share a code. */
export function buildCatalogue(): DemoCatalogueItem[] {
  const items = [
    ...drugItems(DRUG_SOURCES),
    ...serviceItems(SERVICE_SOURCES),
    ...consumableItems(CONSUMABLE_SOURCES),
  ];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.code)) throw new Error(`duplicate catalogue code ${item.code} (${item.name})`);
    seen.add(item.code);
  }
  return items;
}
