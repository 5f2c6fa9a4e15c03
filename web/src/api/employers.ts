import { http } from './client';
import type { Employer, EmployerInput, EmployerQuery, Page } from './types';

export function listEmployers(query: EmployerQuery, signal?: AbortSignal): Promise<Page<Employer>> {
  return http.get('/employers', query, signal);
}

export function getEmployer(id: number, signal?: AbortSignal): Promise<Employer> {
  return http.get(`/employers/${id}`, undefined, signal);
}

export function createEmployer(input: EmployerInput): Promise<Employer> {
  return http.post('/employers', input);
}

/** Changes an employer; the credit code (uscc) never changes. */
export function updateEmployer(id: number, input: Partial<Omit<EmployerInput, 'uscc'>>): Promise<Employer> {
  return http.patch(`/employers/${id}`, input);
}

export function deactivateEmployer(id: number): Promise<Employer> {
  return http.post(`/employers/${id}/deactivate`);
}
