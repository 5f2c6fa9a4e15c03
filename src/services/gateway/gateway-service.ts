import { createHash, randomInt } from 'node:crypto';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import { type Answer, canonicalJson, successAnswer } from '../../domain/gateway/answer.js';
import type { Db } from '../../store/database.js';
import type { EVoucherService } from '../evoucher/evoucher-service.js';
import type { SettlementService } from '../settlement/settlement-service.js';
import type { VisitService } from '../settlement/visit-service.js';
import { terminalActor } from './gateway-context.js';
import type { VerifiedTerminal } from './terminal-service.js';
import { TRANSACTIONS } from './transactions/index.js';
import { REVERSIBLE_INFNOS } from './transactions/reversal.js';
import type { Envelope } from './wire-input.js';

/** The answer to a message, and whether it is the stored answer of an earlier identical message. */
export interface GatewayResult {
  readonly answer: Answer;
  readonly replayed: boolean;
}

/** The fields that make two messages under one msgid "the same request". */
export function requestHash(envelope: Envelope): string {
  const { infno, fixmedins_code, mdtrtarea_admvs, insuplc_admdvs, input } = envelope;
  return createHash('sha256')
    .update(
      canonicalJson({
        infno,
        fixmedins_code,
        mdtrtarea_admvs,
        insuplc_admdvs: insuplc_admdvs ?? null,
        input,
      }),
    )
    .digest('hex');
}

/**
 * Runs one HIS transaction for a verified terminal in one database transaction, together with
 * the gateway_messages row that makes its msgid idempotent: the same msgid and request again
 * returns the stored answer; the msgid with another request is refused. A refusal rolls
 * everything back, so a failed message leaves no trace but the caller may retry its msgid.
 */
export class GatewayService {
  constructor(
    private readonly db: Db,
    private readonly visits: VisitService,
    private readonly settlements: SettlementService,
    private readonly eVouchers: EVoucherService,
  ) {}

  async call(
    terminal: VerifiedTerminal,
    envelope: Envelope,
    ip: string,
    receivedMs: number,
  ): Promise<GatewayResult> {
    const handler = TRANSACTIONS[envelope.infno];
    if (!handler)
      throw validationError([
        fieldProblem(
          'infno',
          'enum',
          `不支持的交易编号 ${envelope.infno}`,
          `unsupported infno ${envelope.infno}`,
        ),
      ]);
    const hash = requestHash(envelope);
    return this.db.transaction().execute(async (tx) => {
      // Claiming the msgid first makes a concurrent duplicate wait for this transaction's outcome.
      const claimed = await tx
        .insertInto('gateway_messages')
        .values({
          msgid: envelope.msgid,
          institution_id: terminal.institutionId,
          infno: envelope.infno,
          request_hash: hash,
          response: null,
          // 2601 reads back what a reversible message asked for (e.g. which fee lines 2204 wrote).
          request: REVERSIBLE_INFNOS.has(envelope.infno) ? JSON.stringify(envelope.input) : null,
        })
        .onConflict((oc) => oc.column('msgid').doNothing())
        .returning('msgid')
        .executeTakeFirst();
      if (!claimed) {
        const prior = await tx
          .selectFrom('gateway_messages')
          .select(['institution_id', 'request_hash', 'response'])
          .where('msgid', '=', envelope.msgid)
          .executeTakeFirstOrThrow();
        if (prior.institution_id !== terminal.institutionId || prior.request_hash !== hash || !prior.response)
          throw new AppError('YB_ERR_IDEMPOTENCY_CONFLICT', { detail: `msgid ${envelope.msgid}` });
        return { answer: prior.response as Answer, replayed: true };
      }
      const output = await handler(
        {
          tx,
          actor: terminalActor(terminal, ip),
          terminal,
          envelope,
          nowMs: receivedMs,
          visits: this.visits,
          settlements: this.settlements,
          eVouchers: this.eVouchers,
        },
        envelope.input,
      );
      const answer = successAnswer(output ?? {}, {
        regionCode: terminal.regionCode,
        receivedMs,
        respondedMs: Date.now(),
        serial: randomInt(0, 2 ** 47),
      });
      await tx
        .updateTable('gateway_messages')
        .set({ response: JSON.stringify(answer), infcode: 0 })
        .where('msgid', '=', envelope.msgid)
        .execute();
      return { answer, replayed: false };
    });
  }
}
