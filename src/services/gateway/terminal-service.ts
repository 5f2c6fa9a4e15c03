import { randomBytes } from 'node:crypto';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { FieldProblem } from '../../domain/errors/catalogue.js';
import type { RefusalKind } from '../../domain/gateway/refusal.js';
import { API_HEADERS, checkTimestamp, TIF_HEADERS } from '../../domain/gateway/signature.js';
import type { Db, Executor } from '../../store/database.js';
import type { TerminalKind } from '../../store/schema.js';
import { type Actor, requireRegion, requireRole, STAFF_ROLES, WRITER_ROLES } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { SEALED, type SecretBox } from '../secrets/secret-box.js';
import { apiSignature, sameSignature, tifSignature } from './signing.js';

export const TERMINAL_KINDS: readonly TerminalKind[] = ['counter', 'kiosk', 'mobile', 'face'];
/** Longest `location` a terminal may carry (e.g. 门诊楼一层收费处 3 号窗口). */
export const MAX_LOCATION_LENGTH = 200;
/** Longest reason a revocation may carry. */
export const MAX_REVOKE_REASON_LENGTH = 200;
const DEV_NO = /^[\w.-]{1,100}$/;

/** A terminal as listed: never its secrets (passToken, secretKey). */
export interface TerminalView {
  readonly id: number;
  readonly institutionId: number;
  readonly institutionCode: string;
  readonly devNo: string;
  readonly kind: TerminalKind;
  readonly location: string;
  /** public halves of the credentials, sent in clear on every request: they identify the terminal */
  readonly paasid: string;
  readonly accessKey: string;
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  /** null for terminals registered before the registering user was recorded */
  readonly createdBy: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

/** What registering a terminal takes; the device number is generated when left out. */
export interface TerminalInput {
  readonly institutionCode: string;
  readonly kind?: TerminalKind;
  readonly location?: string;
  readonly devNo?: string;
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

/** How often a process clears nonces that are too old to be replayed (see claimNonce). */
const NONCE_SWEEP_INTERVAL_MS = 60_000;

/**
 * Registered terminals (一机一码) of institutions, and verification of the signed headers every
 * gateway request carries: scheme A (x-tif-*) or scheme B (_api_*), reference §1.4.
 */
export class TerminalService {
  private lastNonceSweepMs = 0;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  /**
   * Registers a terminal and returns its credentials; they are not kept anywhere readable by
   * people and are not shown again. An institution operator registers for their own institution,
   * agency clerks and administrators for any institution of their regions.
   */
  async register(actor: Actor, input: TerminalInput, executor?: Executor): Promise<TerminalCredentials> {
    const kind = input.kind ?? 'counter';
    const location = (input.location ?? '').trim();
    const problems = checkTerminal({ kind, location, devNo: input.devNo });
    if (problems.length) throw validationError(problems);
    const run = async (tx: Executor): Promise<TerminalCredentials> => {
      const institution = await tx
        .selectFrom('institutions')
        .select(['id', 'code', 'region_code', 'status'])
        .where('code', '=', input.institutionCode.trim())
        .executeTakeFirst();
      if (!institution) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
      assertMayManage(actor, institution.id, institution.region_code, 'write');
      if (institution.status !== 'active')
        throw new AppError('YB_ERR_INACTIVE', { detail: institution.code });
      const credentials: TerminalCredentials = {
        devNo: input.devNo ?? `${institution.code}-${randomBytes(4).toString('hex').toUpperCase()}`,
        fixmedinsCode: institution.code,
        regionCode: institution.region_code,
        paasid: `yb${randomBytes(12).toString('hex')}`,
        passToken: randomBytes(32).toString('hex'),
        accessKey: `AK${randomBytes(12).toString('hex').toUpperCase()}`,
        secretKey: randomBytes(32).toString('base64url'),
      };
      // The device number is unique across institutions; a concurrent duplicate loses here too.
      const row = await tx
        .insertInto('terminals')
        .values({
          institution_id: institution.id,
          region_code: institution.region_code,
          dev_no: credentials.devNo,
          kind,
          location,
          paasid: credentials.paasid,
          pass_token: this.secrets.seal(credentials.passToken, SEALED.terminalPassToken),
          access_key: credentials.accessKey,
          secret_key: this.secrets.seal(credentials.secretKey, SEALED.terminalSecretKey),
          created_by: actor.username,
        })
        .onConflict((oc) => oc.column('dev_no').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row)
        throw new AppError('YB_ERR_DUPLICATE_CODE', {
          detail: credentials.devNo,
          fields: [
            fieldProblem(
              'devNo',
              'duplicate',
              '该设备编号已登记',
              'This device number is already registered',
            ),
          ],
        });
      // The history names the terminal, never its secrets.
      await recordHistory(tx, actor, {
        entityType: 'terminal',
        entityId: row.id,
        regionCode: institution.region_code,
        action: 'created',
        before: null,
        after: {
          dev_no: credentials.devNo,
          institution_code: institution.code,
          kind,
          location,
          paasid: credentials.paasid,
          access_key: credentials.accessKey,
          status: 'active',
        },
      });
      return credentials;
    };
    return executor ? run(executor) : this.db.transaction().execute(run);
  }

  /**
   * Terminals of one institution, oldest first: its own operators, and agency staff of its
   * region (reviewers included) may read them.
   */
  async list(
    actor: Actor,
    institutionCode: string,
    q: { readonly status?: 'active' | 'revoked' } = {},
  ): Promise<TerminalView[]> {
    const institution = await this.db
      .selectFrom('institutions')
      .select(['id', 'region_code'])
      .where('code', '=', institutionCode.trim())
      .executeTakeFirst();
    if (!institution) throw new AppError('YB_ERR_INSTITUTION_NOT_FOUND');
    assertMayManage(actor, institution.id, institution.region_code, 'read');
    let query = viewQuery(this.db).where('t.institution_id', '=', institution.id);
    if (q.status) query = query.where('t.status', '=', q.status);
    return (await query.orderBy('t.id').execute()).map(toView);
  }

  /**
   * Revokes a terminal at once: the gateway checks the status on every request, so its next
   * request is refused. The institution's own operators, agency clerks of its region and
   * administrators may revoke; the reason is kept with the terminal and in the history.
   */
  async revoke(actor: Actor, devNo: string, reason: string, executor?: Executor): Promise<TerminalView> {
    const why = reason.trim();
    if (!why || why.length > MAX_REVOKE_REASON_LENGTH)
      throw validationError([
        fieldProblem(
          'reason',
          why ? 'maxLength' : 'required',
          `请填写注销原因（至多 ${MAX_REVOKE_REASON_LENGTH} 字）`,
          `reason: 1–${MAX_REVOKE_REASON_LENGTH} characters`,
        ),
      ]);
    const run = async (tx: Executor): Promise<TerminalView> => {
      const t = await tx
        .selectFrom('terminals')
        .select(['id', 'institution_id', 'region_code', 'status'])
        .where('dev_no', '=', devNo)
        .forUpdate()
        .executeTakeFirst();
      if (!t) throw new AppError('YB_ERR_TERMINAL_NOT_FOUND', { detail: devNo });
      assertMayManage(actor, t.institution_id, t.region_code, 'write');
      if (t.status === 'revoked') throw new AppError('YB_ERR_TERMINAL_REVOKED', { detail: devNo });
      await tx
        .updateTable('terminals')
        .set({ status: 'revoked', revoked_at: new Date(), revoked_by: actor.username, revoke_reason: why })
        .where('id', '=', t.id)
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'terminal',
        entityId: t.id,
        regionCode: t.region_code,
        action: 'revoked',
        before: { status: 'active' },
        after: { status: 'revoked', revoke_reason: why },
      });
      return toView(await viewQuery(tx).where('t.id', '=', t.id).executeTakeFirstOrThrow());
    };
    return executor ? run(executor) : this.db.transaction().execute(run);
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

/** What is wrong with a terminal's kind, location and device number. */
function checkTerminal(input: {
  readonly kind: string;
  readonly location: string;
  readonly devNo: string | undefined;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(TERMINAL_KINDS as readonly string[]).includes(input.kind))
    problems.push(
      fieldProblem(
        'kind',
        'enum',
        `终端类型应为 ${TERMINAL_KINDS.join('/')}`,
        `kind: ${TERMINAL_KINDS.join(', ')}`,
      ),
    );
  if (input.devNo !== undefined && !DEV_NO.test(input.devNo))
    problems.push(
      fieldProblem(
        'devNo',
        'format',
        '设备编号为 1–100 位字母、数字、点、横线或下划线',
        'devNo: 1–100 letters, digits, dots, dashes or underscores',
      ),
    );
  if (input.location.length > MAX_LOCATION_LENGTH)
    problems.push(
      fieldProblem(
        'location',
        'maxLength',
        `安装位置至多 ${MAX_LOCATION_LENGTH} 字`,
        `location: at most ${MAX_LOCATION_LENGTH} characters`,
      ),
    );
  return problems;
}

/**
 * Who may manage an institution's terminals: its own operators; otherwise agency staff of its
 * region (any staff role to read, clerks and administrators to change).
 */
function assertMayManage(
  actor: Actor,
  institutionId: number,
  regionCode: string,
  mode: 'read' | 'write',
): void {
  if (actor.role === 'institution_operator') {
    if (actor.institutionId !== institutionId) throw new AppError('YB_ERR_FORBIDDEN');
    return;
  }
  requireRole(actor, mode === 'read' ? STAFF_ROLES : WRITER_ROLES);
  requireRegion(actor, regionCode);
}

function viewQuery(executor: Executor) {
  return executor
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
      't.created_by',
      't.revoked_at',
      't.revoked_by',
      't.revoke_reason',
    ]);
}

function toView(
  r: Awaited<ReturnType<ReturnType<typeof viewQuery>['executeTakeFirstOrThrow']>>,
): TerminalView {
  return {
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
    createdBy: r.created_by || null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedBy: r.revoked_by,
    revokeReason: r.revoke_reason,
  };
}
