import { http } from './client';
import type { IsoDateTime, ItemList } from './types';

/** HIS terminals (一机一码) of an institution; see docs/his-integration.md. */
export const TERMINAL_KINDS = ['counter', 'kiosk', 'mobile', 'face'] as const;
export type TerminalKind = (typeof TERMINAL_KINDS)[number];
export const TERMINAL_STATUSES = ['active', 'revoked'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];
/** The server's limits (MAX_LOCATION_LENGTH, MAX_REVOKE_REASON_LENGTH). */
export const TERMINAL_LOCATION_MAX = 200;
export const TERMINAL_REVOKE_REASON_MAX = 200;

/** A terminal as listed: its secrets are never sent again after registration. */
export interface Terminal {
  readonly id: number;
  readonly institutionId: number;
  readonly institutionCode: string;
  readonly devNo: string;
  readonly kind: TerminalKind;
  readonly location: string;
  readonly paasid: string;
  readonly accessKey: string;
  readonly status: TerminalStatus;
  readonly createdAt: IsoDateTime;
  /** null for terminals registered before the registering user was recorded */
  readonly createdBy: string | null;
  readonly revokedAt: IsoDateTime | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

/** The answer of registration, shown once: the JSON `yibao his … --credentials FILE` reads. */
export interface TerminalCredentials {
  readonly devNo: string;
  readonly fixmedinsCode: string;
  readonly regionCode: string;
  readonly paasid: string;
  readonly passToken: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface TerminalInput {
  readonly kind: TerminalKind;
  readonly location?: string;
  /** generated (`<institution code>-XXXXXXXX`) when left out */
  readonly devNo?: string;
}

export function listTerminals(institutionCode: string, signal?: AbortSignal): Promise<ItemList<Terminal>> {
  return http.get(`/institutions/${encodeURIComponent(institutionCode)}/terminals`, undefined, signal);
}

export function registerTerminal(
  institutionCode: string,
  input: TerminalInput,
): Promise<TerminalCredentials> {
  return http.post(`/institutions/${encodeURIComponent(institutionCode)}/terminals`, input);
}

export function revokeTerminal(devNo: string, reason: string): Promise<Terminal> {
  return http.post(`/terminals/${encodeURIComponent(devNo)}/revoke`, { reason });
}
