/**
 * The response envelope (reference §1.3). HTTP status is always 200; infcode 0 is success, -1
 * failure with err_msg. Times are China Standard Time (UTC+8), as the platform writes them.
 */
export interface Answer {
  readonly infcode: 0 | -1;
  readonly inf_refmsgid: string;
  readonly refmsg_time: string;
  readonly respond_time: string;
  readonly err_msg: string | null;
  readonly output: unknown;
}

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** yyyyMMddHHmmssSSS in UTC+8. */
export function compactTime(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().replace(/[-:TZ.]/g, '');
}

/** yyyy-MM-dd HH:mm:ss in UTC+8. */
export function wireDateTime(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** yyyy-MM-dd in UTC+8. */
export function wireDate(ms: number): string {
  return wireDateTime(ms).slice(0, 10);
}

/**
 * inf_refmsgid: receiver region (6) + time yyyyMMddHHmmss (14) + serial (10).
 *
 * @example refMsgId('370300', Date.UTC(2026, 0, 1), 42) // '370300202601010800000000000042'
 */
export function refMsgId(regionCode: string, ms: number, serial: number): string {
  return `${regionCode}${compactTime(ms).slice(0, 14)}${String(serial % 1e10).padStart(10, '0')}`;
}

export function successAnswer(
  output: unknown,
  t: { regionCode: string; receivedMs: number; respondedMs: number; serial: number },
): Answer {
  return {
    infcode: 0,
    inf_refmsgid: refMsgId(t.regionCode, t.receivedMs, t.serial),
    refmsg_time: compactTime(t.receivedMs),
    respond_time: compactTime(t.respondedMs),
    err_msg: null,
    output,
  };
}

export function failureAnswer(
  errMsg: string,
  t: { regionCode: string; receivedMs: number; respondedMs: number; serial: number },
): Answer {
  return {
    infcode: -1,
    inf_refmsgid: refMsgId(t.regionCode, t.receivedMs, t.serial),
    refmsg_time: compactTime(t.receivedMs),
    respond_time: compactTime(t.respondedMs),
    err_msg: errMsg,
    output: null,
  };
}

/** Canonical JSON (keys sorted at every level), so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
