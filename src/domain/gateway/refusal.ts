/**
 * Why the gateway refused a request before any business logic ran. Each refusal is logged in
 * gateway_rejections with its kind and answered with infcode -1 and both messages. The Chinese
 * texts follow the HSAF gateway's own ("缺少服务网关的请求头", "签名时间戳超时", "非法用户", "签名不一致").
 */
export type RefusalKind =
  | 'missingHeaders'
  | 'unknownTerminal'
  | 'revokedTerminal'
  | 'staleTimestamp'
  | 'badSignature'
  | 'replayedNonce'
  | 'institutionMismatch';

export const REFUSALS: Readonly<Record<RefusalKind, { readonly zh: string; readonly en: string }>> = {
  missingHeaders: { zh: '缺少服务网关的请求头', en: 'gateway signature headers are missing' },
  unknownTerminal: { zh: '非法用户', en: 'unknown terminal credentials' },
  revokedTerminal: { zh: '终端已注销', en: 'the terminal has been revoked' },
  staleTimestamp: { zh: '签名时间戳超时', en: 'the signature timestamp is outside the allowed window' },
  badSignature: { zh: '签名不一致', en: 'the signature does not match' },
  replayedNonce: { zh: '请求已使用过（重放）', en: 'the nonce was already used (replay)' },
  institutionMismatch: {
    zh: '终端不属于该定点医药机构（fixmedins_code）',
    en: 'the terminal does not belong to this institution (fixmedins_code)',
  },
};

/** "zh / en" as put in err_msg. */
export function refusalMessage(kind: RefusalKind): string {
  const r = REFUSALS[kind];
  return `${r.zh} / ${r.en}`;
}
