/** Calendar arithmetic on ISO dates for the demo generator; pure, no clock. */
import type { Prng } from './prng.js';

const DAY = 86_400_000;

export function toDayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** The same calendar day n years later (29 February becomes 28 February). */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  let md = iso.slice(5);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (md === '02-29' && !leap) md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

export function firstOfMonth(iso: string): string {
  return `${iso.slice(0, 8)}01`;
}

export function firstOfNextMonth(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** A uniformly random date in [from, to], both inclusive. */
export function randomDate(rng: Prng, from: string, to: string): string {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  return fromDayNumber(b <= a ? a : rng.int(a, b));
}

/** A random birth date of someone who is exactly `age` on `onDate`. */
export function birthDateForAge(rng: Prng, age: number, onDate: string): string {
  const latest = addYears(onDate, -age);
  const earliest = addDays(addYears(onDate, -age - 1), 1);
  return randomDate(rng, earliest, latest);
}
