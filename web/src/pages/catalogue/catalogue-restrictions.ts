import type { TFunction } from 'i18next';
import type { CatalogueRestrictions } from '../../api/types';

/** The restrictions of a catalogue item as short phrases: 限女性, 限18岁及以上, 限二级及以上医疗机构, … */
export function describeRestrictions(r: CatalogueRestrictions, t: TFunction): string[] {
  const parts: string[] = [];
  if (r.sex) parts.push(t('catalogue.restrictSex', { sex: t(`sex.${r.sex}`) }));
  if (r.ageMin !== undefined && r.ageMax !== undefined) {
    parts.push(t('catalogue.restrictAgeRange', { min: r.ageMin, max: r.ageMax }));
  } else if (r.ageMin !== undefined) {
    parts.push(t('catalogue.restrictAgeMin', { min: r.ageMin }));
  } else if (r.ageMax !== undefined) {
    parts.push(t('catalogue.restrictAgeMax', { max: r.ageMax }));
  }
  if (r.minLevel !== undefined)
    parts.push(t('catalogue.restrictMinLevel', { level: t(`level.${r.minLevel}`) }));
  if (r.quantityLimit !== undefined) parts.push(t('catalogue.restrictQuantity', { count: r.quantityLimit }));
  if (r.indication) parts.push(r.indication);
  return parts;
}
