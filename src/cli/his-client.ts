import { randomBytes, randomInt } from 'node:crypto';
import { compactTime, wireDateTime } from '../domain/gateway/answer.js';
import { signApi, signTif } from '../services/gateway/signing.js';

/** A terminal's credentials as `yibao terminal add --json` prints them. */
export interface HisCredentials {
  readonly devNo?: string;
  readonly paasid?: string;
  readonly passToken?: string;
  readonly accessKey?: string;
  readonly secretKey?: string;
  readonly fixmedinsCode?: string;
  readonly regionCode?: string;
}

export interface HisCallOptions {
  /** e.g. http://localhost:3000 */
  readonly baseUrl: string;
  readonly credentials: HisCredentials;
  readonly scheme: 'tif' | 'api';
  readonly infno: string;
  readonly input: Record<string, unknown>;
  readonly msgid?: string;
  /** envelope fields to set or override (fixmedins_code, opter, sign_no, insuplc_admdvs, …) */
  readonly envelope?: Record<string, unknown>;
  /** signing time; default now */
  readonly nowMs?: number;
  /** x-tif-nonce; default random */
  readonly nonce?: string;
  /** _api_name / _api_version for scheme B */
  readonly apiName?: string;
  readonly apiVersion?: string;
  /** the path; default the unified callService */
  readonly path?: string;
}

export interface HisRequest {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly envelope: Record<string, unknown>;
}

/** The serial of the next msgid; starts at random so two client processes rarely meet. */
let msgidSerial = randomInt(0, 10000);

/**
 * msgid as the platform forms it: institution code + yyyyMMddHHmmss + 4-digit serial. The serial
 * counts up per process, so one client never repeats a msgid within a second (up to 10 000 a
 * second), where a random serial would repeat often at a hundred messages a second.
 */
export function newMsgid(fixmedinsCode: string, nowMs: number): string {
  msgidSerial = (msgidSerial + 1) % 10000;
  return `${fixmedinsCode}${compactTime(nowMs).slice(0, 14)}${String(msgidSerial).padStart(4, '0')}`;
}

/** Signed headers of one request under either scheme (reference §1.4). */
export function signedHeaders(
  credentials: HisCredentials,
  scheme: 'tif' | 'api',
  o: { nowMs: number; nonce?: string; apiName?: string; apiVersion?: string },
): Record<string, string> {
  if (scheme === 'tif') {
    if (!credentials.paasid || !credentials.passToken)
      throw new Error('credentials need paasid and passToken');
    const nonce = o.nonce ?? randomBytes(16).toString('hex');
    return signTif(
      { paasid: credentials.paasid, passToken: credentials.passToken },
      String(Math.floor(o.nowMs / 1000)),
      nonce,
    );
  }
  if (!credentials.accessKey || !credentials.secretKey)
    throw new Error('credentials need accessKey and secretKey');
  return signApi(
    { accessKey: credentials.accessKey, secretKey: credentials.secretKey },
    o.apiName ?? 'callService',
    o.apiVersion ?? '1.0.0',
    String(o.nowMs),
  );
}

/** Builds the envelope, the body and the signed headers of one call, without sending it. */
export function prepareHisRequest(o: HisCallOptions): HisRequest {
  const nowMs = o.nowMs ?? Date.now();
  const code = String(o.envelope?.fixmedins_code ?? o.credentials.fixmedinsCode ?? '');
  const envelope: Record<string, unknown> = {
    infno: o.infno,
    msgid: o.msgid ?? newMsgid(code, nowMs),
    mdtrtarea_admvs: o.credentials.regionCode ?? '',
    insuplc_admdvs: '',
    recer_sys_code: 'YBXT',
    dev_no: o.credentials.devNo ?? '',
    dev_safe_info: '',
    cainfo: '',
    signtype: '',
    infver: 'V1.0',
    opter_type: '1',
    opter: '001',
    opter_name: 'HIS',
    inf_time: wireDateTime(nowMs),
    fixmedins_code: code,
    fixmedins_name: '',
    sign_no: '',
    input: o.input,
    ...o.envelope,
  };
  const path = o.path ?? '/fsi/api/rsfComIfsService/callService';
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    ...signedHeaders(o.credentials, o.scheme, {
      nowMs,
      ...(o.nonce ? { nonce: o.nonce } : {}),
      ...(o.apiName ? { apiName: o.apiName } : {}),
      ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}),
    }),
  };
  return {
    url: `${o.baseUrl.replace(/\/$/, '')}${path}`,
    path,
    headers,
    body: JSON.stringify(envelope),
    envelope,
  };
}

/** Signs and sends one HIS transaction; returns the response envelope. */
export async function callHis(o: HisCallOptions): Promise<Record<string, unknown>> {
  const req = prepareHisRequest(o);
  const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
  const text = await res.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
}

/** The 9101 input for a file: `fsUploadIn{in (base64), filename, fixmedins_code}`. */
export function uploadInput(
  filename: string,
  bytes: Uint8Array,
  fixmedinsCode: string,
): Record<string, unknown> {
  return {
    fsUploadIn: { in: Buffer.from(bytes).toString('base64'), filename, fixmedins_code: fixmedinsCode },
  };
}

/** The 9102 input for a file query number: `fsDownloadIn{file_qury_no, filename, fixmedins_code}`. */
export function downloadInput(
  fileQuryNo: string,
  fixmedinsCode: string,
  filename = '',
): Record<string, unknown> {
  return { fsDownloadIn: { file_qury_no: fileQuryNo, filename, fixmedins_code: fixmedinsCode } };
}

/** The bytes of a 9102 answer (`output.file_content`, base64), or null when it carries none. */
export function downloadedBytes(answer: Record<string, unknown>): Uint8Array | null {
  const output = answer.output as { file_content?: unknown } | null | undefined;
  return typeof output?.file_content === 'string'
    ? new Uint8Array(Buffer.from(output.file_content, 'base64'))
    : null;
}
