import { http } from './client';
import type { Institution, InstitutionDetail, InstitutionQuery, Page, PenaltyInput } from './types';

export function listInstitutions(query: InstitutionQuery, signal?: AbortSignal): Promise<Page<Institution>> {
  return http.get('/institutions', query, signal);
}

export function getInstitution(id: number, signal?: AbortSignal): Promise<InstitutionDetail> {
  return http.get(`/institutions/${id}`, undefined, signal);
}

export function deactivateInstitution(id: number): Promise<InstitutionDetail> {
  return http.post(`/institutions/${id}/deactivate`);
}

export function addPenalty(id: number, input: PenaltyInput): Promise<InstitutionDetail> {
  return http.post(`/institutions/${id}/penalties`, input);
}
