import type { Selectable } from 'kysely';
import { crossRegionStatusOf } from '../../domain/filing/cross-region-filing.js';
import type { CrossRegionStatus } from '../../domain/policy/policy.js';
import type { Executor } from '../../store/database.js';
import type { CrossRegionFilingTable } from '../../store/schema.js';

/**
 * The active filing of a person, insured in `insuredRegion`, covering care in `careRegion` (a
 * pooling region) on `date`: the latest-starting one when several match.
 */
export async function activeFilingOf(
  executor: Executor,
  personId: number,
  insuredRegion: string | null,
  careRegion: string,
  date: string,
): Promise<Selectable<CrossRegionFilingTable> | undefined> {
  let q = executor.selectFrom('cross_region_filings').selectAll().where('person_id', '=', personId);
  if (insuredRegion) q = q.where('region_code', '=', insuredRegion);
  return q
    .where('status', '=', 'active')
    .where('care_region_code', 'in', [careRegion, `${careRegion.slice(0, 2)}0000`])
    .where('begin_date', '<=', date)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', date)]))
    .orderBy('begin_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/**
 * The cross-region status a visit registered on `date` gets when the request does not say:
 * local in its own region; else from an active filing, else unfiledTemporary.
 */
export async function derivedCrossRegion(
  executor: Executor,
  personId: number,
  insuredRegion: string,
  careRegion: string,
  date: string,
): Promise<CrossRegionStatus> {
  if (insuredRegion === careRegion) return 'local';
  const filing = await activeFilingOf(executor, personId, insuredRegion, careRegion, date);
  return filing ? crossRegionStatusOf(filing.kind) : 'unfiledTemporary';
}
