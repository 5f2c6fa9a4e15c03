import type { Role } from '../api/types';

/** Which portal a role works in. */
export type Portal = 'hall' | 'institution' | 'employer' | 'agency';

export const AGENCY_ROLES: readonly Role[] = ['agency_clerk', 'agency_reviewer', 'admin'];

export function portalOf(role: Role): Portal {
  switch (role) {
    case 'insured':
      return 'hall';
    case 'institution_operator':
      return 'institution';
    case 'employer_clerk':
      return 'employer';
    case 'agency_clerk':
    case 'agency_reviewer':
    case 'admin':
      return 'agency';
  }
}

/** Where a role lands after signing in. */
export function homePathOf(role: Role): string {
  switch (portalOf(role)) {
    case 'hall':
      return '/hall';
    case 'institution':
      return '/institution';
    case 'employer':
      return '/employer';
    case 'agency':
      return '/agency/persons';
  }
}

/** Agency clerks and administrators change records and import catalogues; reviewers only read. */
export function canEditRegistry(role: Role): boolean {
  return role === 'agency_clerk' || role === 'admin';
}

export function canImportCatalogue(role: Role): boolean {
  return role === 'agency_clerk' || role === 'admin';
}

export function isAdmin(role: Role): boolean {
  return role === 'admin';
}

/** Institutions reverse their own settlements; agency clerks and administrators any in their regions. */
export function canReverseSettlement(role: Role): boolean {
  return role === 'institution_operator' || role === 'agency_clerk' || role === 'admin';
}

/** An institution revokes its own HIS terminals; agency clerks and administrators any in their regions. */
export function canRevokeTerminal(role: Role): boolean {
  return role === 'institution_operator' || role === 'agency_clerk' || role === 'admin';
}
