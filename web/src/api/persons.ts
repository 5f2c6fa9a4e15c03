import { http } from './client';
import type {
  Enrolment,
  EnrolmentEndInput,
  EnrolmentInput,
  Page,
  PersonChanges,
  PersonDeactivateInput,
  PersonDetail,
  PersonInput,
  PersonQuery,
  PersonSummary,
  RelativeInput,
} from './types';

export function listPersons(query: PersonQuery, signal?: AbortSignal): Promise<Page<PersonSummary>> {
  return http.get('/persons', query, signal);
}

export function getPerson(id: number, signal?: AbortSignal): Promise<PersonDetail> {
  return http.get(`/persons/${id}`, undefined, signal);
}

/** The signed-in insured person's own record. */
export function getMyPerson(signal?: AbortSignal): Promise<PersonDetail> {
  return http.get('/me/person', undefined, signal);
}

export function createPerson(input: PersonInput): Promise<PersonDetail> {
  return http.post('/persons', input);
}

export function updatePerson(id: number, input: PersonChanges): Promise<PersonDetail> {
  return http.patch(`/persons/${id}`, input);
}

/** Deactivates a person (death, emigration …); their enrolments end on the date. */
export function deactivatePerson(id: number, input: PersonDeactivateInput): Promise<PersonDetail> {
  return http.post(`/persons/${id}/deactivate`, input);
}

export function addEnrolment(personId: number, input: EnrolmentInput): Promise<Enrolment> {
  return http.post(`/persons/${personId}/enrolments`, input);
}

export function endEnrolment(enrolmentId: number, input: EnrolmentEndInput): Promise<Enrolment> {
  return http.post(`/enrolments/${enrolmentId}/end`, input);
}

export function addRelative(personId: number, input: RelativeInput): Promise<PersonDetail> {
  return http.post(`/persons/${personId}/relatives`, input);
}
