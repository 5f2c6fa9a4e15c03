import { AppError } from '../domain/errors/app-error.js';
import { isWithinAnyRegion } from '../domain/registry/region-scope.js';
import type { Role } from '../store/schema.js';

/** Who is acting: a signed-in user, or the system itself (seed, CLI). */
export interface Actor {
  readonly userId: number | null;
  readonly username: string;
  readonly role: Role | 'system';
  readonly regionCodes: readonly string[];
  readonly personId: number | null;
  readonly employerId: number | null;
  readonly institutionId: number | null;
  readonly ip?: string;
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  username: 'system',
  role: 'system',
  regionCodes: [],
  personId: null,
  employerId: null,
  institutionId: null,
};

export const STAFF_ROLES: readonly Actor['role'][] = ['agency_clerk', 'agency_reviewer', 'admin', 'system'];
export const WRITER_ROLES: readonly Actor['role'][] = ['agency_clerk', 'admin', 'system'];

export function isStaff(actor: Actor): boolean {
  return STAFF_ROLES.includes(actor.role);
}

/** Admin and system act everywhere; other staff only within their regions. */
export function seesAllRegions(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'system';
}

export function requireRole(actor: Actor, roles: readonly Actor['role'][]): void {
  if (!roles.includes(actor.role)) throw new AppError('YB_ERR_FORBIDDEN', { detail: `role ${actor.role}` });
}

export function requireRegion(actor: Actor, regionCode: string): void {
  if (seesAllRegions(actor)) return;
  if (!isWithinAnyRegion(regionCode, actor.regionCodes))
    throw new AppError('YB_ERR_OUT_OF_REGION', { detail: regionCode });
}
