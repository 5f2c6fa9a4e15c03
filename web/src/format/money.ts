/**
 * Formats integer fen as yuan with two decimals and thousands separators, without floating-point
 * arithmetic: 123456 → "1,234.56".
 */
export function formatYuan(fen: number): string {
  if (!Number.isFinite(fen)) return '';
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents}`;
}

/** Parses a yuan amount typed by a user ("12.3") into integer fen; undefined when it is not a money amount. */
export function parseYuanToFen(text: string): number | undefined {
  const match = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + cents;
}
