import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app/services.js';
import { AppError } from '../../domain/errors/app-error.js';
import { ERRORS } from '../../domain/errors/catalogue.js';
import { type Answer, failureAnswer } from '../../domain/gateway/answer.js';
import { refusalMessage } from '../../domain/gateway/refusal.js';
import { checkWire, Envelope } from '../../services/gateway/wire-input.js';
import { SERVICE_PATHS, UNIFIED_PATH } from './service-paths.js';

/** err_msg for a refused message: the catalogue's text and each named field, Chinese then English. */
export function errMsgOf(e: AppError): string {
  const entry = ERRORS[e.code];
  const fields = e.details.fields ?? [];
  const zh = [entry.zh, ...fields.map((f) => `${f.path}：${f.messageZh}`)].join('；');
  const en = [entry.en, ...fields.map((f) => `${f.path}: ${f.messageEn}`)].join('; ');
  const detail = e.details.detail && e.status < 500 ? ` (${e.details.detail})` : '';
  return `${zh}${detail} / ${en}${detail}`.slice(0, 2000);
}

function failure(errMsg: string, receivedMs: number, regionCode = '000000'): Answer {
  return failureAnswer(errMsg, {
    regionCode,
    receivedMs,
    respondedMs: Date.now(),
    serial: randomInt(0, 2 ** 47),
  });
}

/**
 * The HIS gateway (定点医药机构接口): the unified callService path and the per-service paths.
 * Every answer is HTTP 200 with the response envelope; nothing here throws to Fastify's error
 * handler, so malformed messages never become 4xx/5xx pages. Order: signed headers (refusals are
 * logged), then JSON, then the envelope, then the terminal's institution, then the transaction.
 */
export async function fsiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { terminals, gateway } = opts.services;
  // HIS clients send the envelope as application/json or text/plain (the NHSA demo); parse it here
  // so bad JSON is an infcode -1 answer, not a 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const handle = async (request: FastifyRequest, pathInfno: string | null): Promise<Answer> => {
    const receivedMs = Date.now();
    try {
      return await answer(request, pathInfno, receivedMs);
    } catch (e) {
      // Only a fault of ours (e.g. the database is down) gets here; still an envelope, never a 5xx.
      request.log.error({ err: e }, 'fsi gateway: unhandled error');
      return failure(errMsgOf(new AppError('YB_ERR_INTERNAL')), receivedMs);
    }
  };

  const answer = async (
    request: FastifyRequest,
    pathInfno: string | null,
    receivedMs: number,
  ): Promise<Answer> => {
    const ip = request.ip;
    const raw = typeof request.body === 'string' ? request.body : '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const peek = (k: string) =>
      parsed && typeof parsed === 'object' && typeof (parsed as Record<string, unknown>)[k] === 'string'
        ? ((parsed as Record<string, string>)[k] ?? null)
        : null;
    const context = { ip, infno: peek('infno') ?? pathInfno, msgid: peek('msgid'), devNo: peek('dev_no') };

    const verified = await terminals.verify(request.headers, receivedMs);
    if (!verified.ok) {
      await terminals.logRejection(verified.kind, request.headers, context);
      return failure(refusalMessage(verified.kind), receivedMs);
    }
    const terminal = verified.terminal;
    try {
      if (parsed === undefined)
        throw new AppError('YB_ERR_BAD_REQUEST', {
          detail: '报文不是合法的 JSON / the body is not valid JSON',
        });
      if (pathInfno && parsed && typeof parsed === 'object' && !('infno' in parsed))
        (parsed as Record<string, unknown>).infno = pathInfno;
      const envelope = checkWire(Envelope, parsed, '');
      if (pathInfno && envelope.infno !== pathInfno)
        throw new AppError('YB_ERR_BAD_REQUEST', { detail: `infno ${envelope.infno} ≠ ${pathInfno} (path)` });
      if (envelope.fixmedins_code !== terminal.institutionCode) {
        await terminals.logRejection('institutionMismatch', request.headers, {
          ...context,
          devNo: terminal.devNo,
        });
        return failure(refusalMessage('institutionMismatch'), receivedMs, terminal.regionCode);
      }
      const result = await gateway.call(terminal, envelope, ip, receivedMs);
      return result.answer;
    } catch (e) {
      if (e instanceof AppError) return failure(errMsgOf(e), receivedMs, terminal.regionCode);
      throw e;
    }
  };

  // No body schema: a Fastify validation failure would be a 400, and the HIS expects an envelope.
  const schema = {
    tags: ['fsi'],
    summary: 'HIS transaction (定点医药机构接口); see docs/his-integration.md',
  };
  app.post(UNIFIED_PATH, { schema }, async (request) => handle(request, null));
  for (const [path, infno] of Object.entries(SERVICE_PATHS))
    app.post(
      path,
      { schema: { ...schema, summary: `HIS transaction ${infno}`, hide: true } },
      async (request) => handle(request, infno),
    );
}
