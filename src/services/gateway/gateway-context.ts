import type { Selectable } from 'kysely';
import { AppError } from '../../domain/errors/app-error.js';
import type { Executor } from '../../store/database.js';
import type { PersonTable, VisitTable } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import type { EVoucherService } from '../evoucher/evoucher-service.js';
import type { SettlementService } from '../settlement/settlement-service.js';
import type { VisitService } from '../settlement/visit-service.js';
import type { VerifiedTerminal } from './terminal-service.js';
import type { Envelope } from './wire-input.js';
import { refuse } from './wire-input.js';

/** What one transaction handler gets: the open transaction, the terminal's actor and the envelope. */
export interface GatewayContext {
  readonly tx: Executor;
  readonly actor: Actor;
  readonly terminal: VerifiedTerminal;
  readonly envelope: Envelope;
  readonly nowMs: number;
  readonly visits: VisitService;
  readonly settlements: SettlementService;
  readonly eVouchers: EVoucherService;
}

/** One transaction (infno): reads `input`, works in ctx.tx, returns `output`. */
export type TransactionHandler = (ctx: GatewayContext, input: Record<string, unknown>) => Promise<unknown>;

/** The actor for services: the terminal's institution (reference: 一机一码). */
export function terminalActor(terminal: VerifiedTerminal, ip: string): Actor {
  return {
    userId: null,
    username: `terminal:${terminal.devNo}`,
    role: 'institution_operator',
    regionCodes: [],
    personId: null,
    employerId: null,
    institutionId: terminal.institutionId,
    ip,
  };
}

export async function personByPsnNo(
  tx: Executor,
  psnNo: string,
  path: string,
): Promise<Selectable<PersonTable>> {
  const person = await tx.selectFrom('persons').selectAll().where('psn_no', '=', psnNo).executeTakeFirst();
  if (!person) throw new AppError('YB_ERR_PERSON_NOT_FOUND', { detail: `${path}=${psnNo}` });
  return person;
}

/**
 * The visit named by mdtrt_id, which must belong to the terminal's institution and (when psn_no is
 * given) to that person.
 */
export async function visitOf(
  ctx: GatewayContext,
  mdtrtId: string,
  psnNo: string,
  path: string,
): Promise<Selectable<VisitTable> & { psn_no: string }> {
  if (!/^\d{1,9}$/.test(mdtrtId))
    throw new AppError('YB_ERR_VISIT_NOT_FOUND', { detail: `${path}.mdtrt_id=${mdtrtId}` });
  const visit = await ctx.tx
    .selectFrom('visits as v')
    .innerJoin('persons as p', 'p.id', 'v.person_id')
    .selectAll('v')
    .select('p.psn_no')
    .where('v.id', '=', Number(mdtrtId))
    .executeTakeFirst();
  if (!visit || visit.institution_id !== ctx.terminal.institutionId)
    throw new AppError('YB_ERR_VISIT_NOT_FOUND', { detail: `${path}.mdtrt_id=${mdtrtId}` });
  if (psnNo && psnNo !== visit.psn_no)
    throw refuse(`${path}.psn_no`, '与就诊记录的人员不符', 'does not match the visit');
  return visit;
}
