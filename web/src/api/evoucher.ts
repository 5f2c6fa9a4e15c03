import { http, request } from './client';
import type { InstitutionPerson, IsoDate, Relation } from './types';

/** My e-voucher, who may show it, and my close relatives (GET /me/e-voucher). */
export interface MyEVoucher {
  readonly status: 'none' | 'active';
  readonly voucherId: number | null;
  readonly activatedAt: string | null;
  readonly grants: readonly {
    readonly id: number;
    readonly personId: number;
    readonly name: string;
    /** what they are to me */
    readonly relation: Relation;
    readonly certnoMasked: string;
    readonly createdAt: string;
  }[];
  readonly relatives: readonly {
    readonly personId: number;
    readonly name: string;
    readonly relation: Relation;
    readonly certnoMasked: string;
    readonly grantId: number | null;
  }[];
  /** the last uses of my code, newest first */
  readonly recentScans: readonly {
    readonly at: string;
    readonly institutionName: string | null;
    readonly shownBy: string | null;
  }[];
}

/** One rotating QR code. */
export interface IssuedToken {
  readonly token: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly lifetimeSeconds: number;
  readonly refreshAfterSeconds: number;
}

/** A relative whose code I may show; `relation` is what they are to me. */
export interface ShownFor {
  readonly grantId: number;
  readonly personId: number;
  readonly name: string;
  readonly relation: Relation;
  readonly certnoMasked: string;
}

/** The patient named by a scanned code, and who showed it. */
export interface ScannedPerson extends InstitutionPerson {
  readonly displayedBy: { readonly name: string; readonly relation: Relation } | null;
  readonly tokenExpiresAt: string;
}

export function getMyEVoucher(signal?: AbortSignal): Promise<MyEVoucher> {
  return http.get('/me/e-voucher', undefined, signal);
}

export function activateEVoucher(input: {
  readonly certno: string;
  readonly name: string;
  readonly password: string;
}): Promise<MyEVoucher> {
  return http.post('/me/e-voucher/activate', input);
}

export function revokeEVoucher(reason?: string): Promise<MyEVoucher> {
  return http.post('/me/e-voucher/revoke', reason ? { reason } : {});
}

export function issueMyToken(): Promise<IssuedToken> {
  return http.post('/me/e-voucher/token');
}

export function grantRelative(relativeId: number): Promise<MyEVoucher> {
  return http.post('/me/e-voucher/grants', { relativeId });
}

export function revokeGrant(grantId: number): Promise<MyEVoucher> {
  return request('DELETE', `/me/e-voucher/grants/${grantId}`);
}

export async function listShownFor(signal?: AbortSignal): Promise<readonly ShownFor[]> {
  return (await http.get<{ items: ShownFor[] }>('/me/e-voucher/shown-for', undefined, signal)).items;
}

export function issueProxyToken(grantId: number): Promise<IssuedToken> {
  return http.post(`/me/e-voucher/shown-for/${grantId}/token`);
}

/** The settlement console: resolve a scanned code to the patient (institution operators). */
export function scanEVoucher(token: string, date?: IsoDate): Promise<ScannedPerson> {
  return http.post('/institution/e-voucher/scan', { token, ...(date ? { date } : {}) });
}
