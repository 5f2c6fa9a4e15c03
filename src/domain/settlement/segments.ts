import { type Fen, fen } from '../money/fen.js';
import { applyRatio, type RoundingMode } from '../money/rounding.js';
import type { Segment } from '../policy/policy.js';

export interface SegmentPortion {
  readonly from: Fen;
  readonly to: Fen;
  readonly portion: Fen;
  readonly ratio: number;
  readonly pay: Fen;
}

/**
 * Pays an amount that occupies the positions [start, start + amount) of a year's running total,
 * segment by segment: each segment pays its ratio on the part of the amount inside it, rounded
 * once per segment. Positions below the first segment (the threshold) pay nothing.
 */
export function payOnSegments(
  start: number,
  amount: Fen,
  segments: readonly Segment[],
  mode: RoundingMode,
): { pay: Fen; portions: SegmentPortion[] } {
  const end = start + amount;
  let pay = 0;
  const portions: SegmentPortion[] = [];
  for (const s of segments) {
    const lo = Math.max(start, s.from);
    const hi = Math.min(end, s.to ?? Number.POSITIVE_INFINITY);
    if (hi <= lo) continue;
    const portion = fen(hi - lo);
    const p = applyRatio(portion, s.ratio, mode);
    pay += p;
    portions.push({ from: fen(lo), to: fen(hi), portion, ratio: s.ratio, pay: p });
  }
  return { pay: fen(pay), portions };
}
