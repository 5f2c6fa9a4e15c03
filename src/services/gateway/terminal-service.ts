import { randomBytes } from 'node:crypto';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { RefusalKind } from '../../domain/gateway/refusal.js';
import { API_HEADERS, checkTimestamp, TIF_HEADERS } from '../../domain/gateway/signature.js';
import type { Db, Executor } from '../../store/database.js';
import type { TerminalKind } from '../../store/schema.js';
import { type Actor, requireRegion, requireRole, WRITER_ROLES } from '../actor.js';
import { SEALED, type SecretBox } from '../secrets/secret-box.js';
import { apiSignature, sameSignature, tifSignature } from './signing.js';

export const TERMINAL_KINDS: readonly TerminalKind[] = ['counter', 'kiosk', 'mobile', 'face'];

/** A terminal as listed: never its secrets. */
export interface TerminalView {
  readonly id: number;
  readonly institutionId: number;
  readonly institutionCode: string;
  readonly devNo: string;
  readonly kind: TerminalKind;
  readonly location: string;
  readonly paasid: string;
  readonly accessKey: string;
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Shown once, when the terminal is registered. */
export interface TerminalCredentials {
  readonly devNo: string;
  /** the institution's code: the envelope's fixmedins_code */
  readonly fixmedinsCode: string;
  /** the institution's region: a sensible mdtrtarea_admvs */
  readonly regionCode: string;
  readonly paasid: string;
  readonly passToken: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/** The terminal a verified request came from. */
export interface VerifiedTerminal {
  readonly id: number;
  readonly devNo: string;
  readonly institutionId: number;
  readonly institutionCode: string;
  readonly regionCode: string;
}

export type Verification =
  | { readonly ok: true; readonly terminal: VerifiedTerminal }
  | { readonly ok: false; readonly kind: RefusalKind };

/** What a refusal log row records about the request. */
export interface RejectionContext {
  readonly ip: string;
  readonly infno?: string | null;
  readonly msgid?: string | null;
  readonly devNo?: string | null;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | null {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? null : s;
}

/**
 * Registered terminals (一机一码) of institutions, and verification of the signed headers every
 * gateway request carries: scheme A (x-tif-*) or scheme B (_api_*), reference §1.4.
 */
/** How often a process clears nonces that are too old to be replayed (see claimNonce). */
const NONCE_SWEEP_INTERVAL_MS = 60_000;

export class TerminalService {
  private lastNonceSweepMs = 0;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  /** Registers a terminal and returns its credentials; they are not shown again. */
  async register(
    actor: Actor,
    input: { institutionCode: string; kind?: TerminalKind; location?: string; devNo?: string },
  ): Promise<TerminalCredentials> {
    const kind = input.kind ?? 'counter';
    if (!TERMINAL_KINDS.includes(kind))
      throw validationError([
        fieldProblem(
          'kind',
          'enum',
          `终端类型应为 ${TERMINAL_KINDS.join('/')}`,
          `kind: ${TERMINAL_KINDS.join(', ')}`,
        ),
      ]);
    if (input.devNo !== undefined && !/^[\w.-]{1,100}$/.test(input.devNo))
      throw validationError([
        fieldProblem('devNo', 'format', '设备编号为 1–100 位字母数字', 'devNo: 1–100 letters or digits'),
      ]);
    const institution = await this.db
      .selectFrom('institutions')
      .select(['id', 'code', 'region_code'])
      .where('code', '=', input.institutionCode.trim())
      .executeTakeFirst();
    if (!institution) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
    if (actor.role === 'institution_operator') {
      if (actor.institutionId !== institution.id) throw new AppError('YB_ERR_FORBIDDEN');
    } else {
      requireRole(actor, WRITER_ROLES);
      requireRegion(actor, institution.region_code);
    }
    const credentials: TerminalCredentials = {
      devNo: input.devNo ?? `${institution.code}-${randomBytes(4).toString('hex').toUpperCase()}`,
      fixmedinsCode: institution.code,
      regionCode: institution.region_code,
      paasid: `yb${randomBytes(12).toString('hex')}`,
      passToken: randomBytes(32).toString('hex'),
      accessKey: `AK${randomBytes(12).toString('hex').toUpperCase()}`,
      secretKey: randomBytes(32).toString('base64url'),
    };
    const exists = await this.db
      .selectFrom('terminals')
      .select('id')
      .where('dev_no', '=', credentials.devNo)
      .executeTakeFirst();
    if (exists) throw new AppError('YB_ERR_DUPLICATE_CODE', { detail: credentials.devNo });
    await this.db
      .insertInto('terminals')
      .values({
        institution_id: institution.id,
        region_code: institution.region_code,
        dev_no: credentials.devNo,
        kind,
        location: input.location ?? '',
        paasid: credentials.paasid,
        pass_token: this.secrets.seal(credentials.passToken, SEALED.terminalPassToken),
        access_key: credentials.accessKey,
        secret_key: this.secrets.seal(credentials.secretKey, SEALED.terminalSecretKey),
      })
      .execute();
    return credentials;
  }

  /** Terminals of one institution (an operator sees only their own). */
  async list(actor: Actor, institutionCode: string): Promise<TerminalView[]> {
    const institution = await this.db
      .selectFrom('institutions')
      .select(['id', 'region_code'])
      .where('code', '=', institutionCode)
      .executeTakeFirst();
    if (!institution) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
    if (actor.role === 'institution_operator') {
      if (actor.institutionId !== institution.id) throw new AppError('YB_ERR_FORBIDDEN');
    } else {
      requireRole(actor, ['agency_clerk', 'agency_reviewer', 'admin', 'system']);
      requireRegion(actor, institution.region_code);
    }
    const rows = await this.db
      .selectFrom('terminals as t')
      .innerJoin('institutions as i', 'i.id', 't.institution_id')
      .select([
        't.id',
        't.institution_id',
        'i.code',
        't.dev_no',
        't.kind',
        't.location',
        't.paasid',
        't.access_key',
        't.status',
        't.created_at',
        't.revoked_at',
      ])
      .where('t.institution_id', '=', institution.id)
      .orderBy('t.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      institutionId: r.institution_id,
      institutionCode: r.code,
      devNo: r.dev_no,
      kind: r.kind,
      location: r.location,
      paasid: r.paasid,
      accessKey: r.access_key,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }

  /** Revokes a terminal at once: its next request is refused. Admin, or agency staff of its region. */
  async revoke(actor: Actor, devNo: string): Promise<void> {
    requireRole(actor, WRITER_ROLES);
    const t = await this.db
      .selectFrom('terminals')
      .select(['id', 'region_code', 'status'])
      .where('dev_no', '=', devNo)
      .executeTakeFirst();
    if (!t) throw new AppError('YB_ERR_NOT_FOUND', { detail: `terminal ${devNo}` });
    requireRegion(actor, t.region_code);
    if (t.status === 'revoked') return;
    await this.db
      .updateTable('terminals')
      .set({ status: 'revoked', revoked_at: new Date(), revoked_by: actor.username })
      .where('id', '=', t.id)
      .execute();
  }

  /**
   * Verifies a request's signed headers: the terminal is known and active, the timestamp is
   * within ±300 s of `nowMs`, the signature matches, and the nonce is unused (recorded now, so a
   * second use is a replay). Scheme B has no nonce header; its replay key is name + timestamp.
   */
  async verify(headers: Headers, nowMs: number): Promise<Verification> {
    const paasid = header(headers, TIF_HEADERS.paasid);
    const accessKey = header(headers, API_HEADERS.accessKey);
    let scheme: 'tif' | 'api';
    let timestamp: string | null;
    let nonce: string | null;
    let signature: string | null;
    let apiName: string | null = null;
    let apiVersion: string | null = null;
    if (paasid) {
      scheme = 'tif';
      timestamp = header(headers, TIF_HEADERS.timestamp);
      nonce = header(headers, TIF_HEADERS.nonce);
      signature = header(headers, TIF_HEADERS.signature);
    } else if (accessKey) {
      scheme = 'api';
      timestamp = header(headers, API_HEADERS.timestamp);
      apiName = header(headers, API_HEADERS.name);
      apiVersion = header(headers, API_HEADERS.version);
      signature = header(headers, API_HEADERS.signature);
      nonce = apiName && timestamp ? `_api:${apiName}:${timestamp}` : null;
    } else return { ok: false, kind: 'missingHeaders' };
    if (!timestamp || !nonce || !signature || (scheme === 'api' && (!apiName || !apiVersion)))
      return { ok: false, kind: 'missingHeaders' };
    if (nonce.length > 128) return { ok: false, kind: 'badSignature' };

    const terminal = await this.db
      .selectFrom('terminals as t')
      .innerJoin('institutions as i', 'i.id', 't.institution_id')
      .select([
        't.id',
        't.dev_no',
        't.institution_id',
        't.region_code',
        't.status',
        't.pass_token',
        't.access_key',
        't.secret_key',
        'i.code',
      ])
      .where(
        scheme === 'tif' ? 't.paasid' : 't.access_key',
        '=',
        (scheme === 'tif' ? paasid : accessKey) ?? '',
      )
      .executeTakeFirst();
    if (!terminal) return { ok: false, kind: 'unknownTerminal' };
    if (terminal.status !== 'active') return { ok: false, kind: 'revokedTerminal' };
    if (!checkTimestamp(timestamp, scheme === 'tif' ? 'seconds' : 'milliseconds', nowMs).ok)
      return { ok: false, kind: 'staleTimestamp' };
    const expected =
      scheme === 'tif'
        ? tifSignature(this.secrets.open(terminal.pass_token, SEALED.terminalPassToken), timestamp, nonce)
        : apiSignature(this.secrets.open(terminal.secret_key, SEALED.terminalSecretKey), {
            accessKey: terminal.access_key,
            name: apiName ?? '',
            timestamp,
            version: apiVersion ?? '',
          });
    if (!sameSignature(expected, signature)) return { ok: false, kind: 'badSignature' };
    if (!(await this.claimNonce(terminal.id, nonce, nowMs))) return { ok: false, kind: 'replayedNonce' };
    return {
      ok: true,
      terminal: {
        id: terminal.id,
        devNo: terminal.dev_no,
        institutionId: terminal.institution_id,
        institutionCode: terminal.code,
        regionCode: terminal.region_code,
      },
    };
  }

  /**
   * Records a nonce; false when the terminal used it before. A timestamp older than the window is
   * refused anyway, so nonces older than twice the window can go: at most once a minute per
   * process, in the same statement as the insert, so a request costs one round trip.
   */
  private async claimNonce(terminalId: number, nonce: string, nowMs: number): Promise<boolean> {
    const sweep = nowMs - this.lastNonceSweepMs >= NONCE_SWEEP_INTERVAL_MS;
    if (sweep) this.lastNonceSweepMs = nowMs;
    const insert = sweep
      ? this.db
          .with('swept', (db) =>
            db.deleteFrom('gateway_nonces').where('at', '<', new Date(nowMs - 2 * 300 * 1000)),
          )
          .insertInto('gateway_nonces')
      : this.db.insertInto('gateway_nonces');
    const inserted = await insert
      .values({ terminal_id: terminalId, nonce, at: new Date(nowMs) })
      .onConflict((oc) => oc.columns(['terminal_id', 'nonce']).doNothing())
      .returning('nonce')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Logs a refused request; the log never holds secrets or signatures. */
  async logRejection(
    kind: RefusalKind,
    headers: Headers,
    context: RejectionContext,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .insertInto('gateway_rejections')
      .values({
        reason: kind,
        dev_no: context.devNo?.slice(0, 100) ?? null,
        paasid: header(headers, TIF_HEADERS.paasid)?.slice(0, 100) ?? null,
        access_key: header(headers, API_HEADERS.accessKey)?.slice(0, 100) ?? null,
        ip: context.ip,
        infno: context.infno?.slice(0, 10) ?? null,
        msgid: context.msgid?.slice(0, 64) ?? null,
      })
      .execute();
  }
}
