import { apiUrl, http, request } from './client';
import type {
  FeeLineInput,
  InstitutionPerson,
  InstitutionPersonLookup,
  IsoDate,
  Page,
  PageQuery,
  PreSettlement,
  Settlement,
  SettlementQuery,
  Visit,
  VisitInput,
} from './types';

/** Identifies a patient at the counter by ID number or person number (GET /institution/persons/lookup; logged). */
export function lookupInstitutionPerson(
  query: InstitutionPersonLookup,
  signal?: AbortSignal,
): Promise<InstitutionPerson> {
  return http.get('/institution/persons/lookup', query, signal);
}

/** Registers an outpatient visit or an admission (门诊挂号 / 入院登记). */
export function registerVisit(input: VisitInput): Promise<Visit> {
  return http.post('/visits', input);
}

export function getVisit(id: number, signal?: AbortSignal): Promise<Visit> {
  return http.get(`/visits/${id}`, undefined, signal);
}

/** Uploads fee lines (费用明细上传); any unknown code refuses the whole upload (400 YB_ERR_UNKNOWN_ITEM). */
export function addVisitLines(id: number, lines: readonly FeeLineInput[]): Promise<Visit> {
  return http.post(`/visits/${id}/lines`, { lines });
}

/** Cancels fee lines (费用明细撤销); all active lines when `lineNos` is empty. */
export function cancelVisitLines(id: number, lineNos: readonly number[]): Promise<Visit> {
  return http.post(`/visits/${id}/lines/cancel`, { lineNos });
}

/** Discharge (出院办理); the end date defaults to the begin date on the server. */
export function dischargeVisit(id: number, endDate: IsoDate): Promise<Visit> {
  return http.post(`/visits/${id}/discharge`, { endDate });
}

export function undoDischarge(id: number): Promise<Visit> {
  return http.post(`/visits/${id}/undo-discharge`);
}

/** Cancels an unsettled visit (就诊撤销). */
export function cancelVisit(id: number): Promise<Visit> {
  return http.post(`/visits/${id}/cancel`);
}

/** Pre-settlement (预结算): the same computation as settlement, with no side effects. */
export function preSettleVisit(id: number, useAccount: boolean): Promise<PreSettlement> {
  return http.post(`/visits/${id}/pre-settle`, { useAccount });
}

/**
 * Settles a visit (结算). `idempotencyKey` identifies one settle attempt: a retry of the same attempt
 * (after a network failure, say) sends the same key and gets the same settlement back.
 */
export function settleVisit(id: number, useAccount: boolean, idempotencyKey: string): Promise<Settlement> {
  return request('POST', `/visits/${id}/settle`, {
    body: { useAccount },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function listSettlements(query: SettlementQuery, signal?: AbortSignal): Promise<Page<Settlement>> {
  return http.get('/settlements', query, signal);
}

/** The signed-in insured person's settlements. */
export function listMySettlements(query: PageQuery, signal?: AbortSignal): Promise<Page<Settlement>> {
  return http.get('/me/settlements', query, signal);
}

export function getSettlement(id: number, signal?: AbortSignal): Promise<Settlement> {
  return http.get(`/settlements/${id}`, undefined, signal);
}

/** Reverses a settlement (结算撤销); the visit reopens. */
export function reverseSettlement(id: number, reason: string): Promise<Settlement> {
  return http.post(`/settlements/${id}/reverse`, { reason });
}

/** A same-origin link to the settlement slip (结算单) as PDF; the session cookie goes along. */
export function settlementSlipUrl(id: number): string {
  return apiUrl(`/settlements/${id}/slip.pdf`);
}

/**
 * A fresh Idempotency-Key for one settle attempt. Uses getRandomValues, which (unlike randomUUID)
 * also works on plain-http deployments.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
