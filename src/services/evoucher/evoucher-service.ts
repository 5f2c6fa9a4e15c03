import type { Selectable } from 'kysely';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import {
  buildToken,
  parseToken,
  TOKEN_LIFETIME_SECONDS,
  TOKEN_REFRESH_SECONDS,
  type TokenClaims,
  tokenTime,
} from '../../domain/evoucher/evoucher-token.js';
import { maskCertno, maskName } from '../../domain/identity/mask.js';
import type { Db, Executor } from '../../store/database.js';
import type { EVoucherGrantTable, EVoucherTable, PersonTable } from '../../store/schema.js';
import { type Actor, requireRole } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { verifyPassword } from '../auth/password.js';
import type { InstitutionPersonView, PersonService } from '../registry/person-service.js';
import { SEALED, type SecretBox } from '../secrets/secret-box.js';
import { macMatches, newSigningKey, tokenMac } from './token-signing.js';

export type Relation = 'spouse' | 'parent' | 'child';

/** A relative allowed to show my code. `relation` is what they are to me. */
export interface EVoucherGrantView {
  readonly id: number;
  readonly personId: number;
  readonly name: string;
  readonly relation: Relation;
  readonly certnoMasked: string;
  readonly createdAt: string;
}

/** A close relative from the registry, and whether they may show my code. */
export interface EVoucherRelativeOption {
  readonly personId: number;
  readonly name: string;
  readonly relation: Relation;
  readonly certnoMasked: string;
  readonly grantId: number | null;
}

/** The signed-in person's e-voucher page. */
export interface MyEVoucher {
  readonly status: 'none' | 'active';
  readonly voucherId: number | null;
  readonly activatedAt: string | null;
  readonly grants: EVoucherGrantView[];
  readonly relatives: EVoucherRelativeOption[];
  /** the last scans of my code, newest first, so I can spot a use I did not make */
  readonly recentScans: EVoucherScanView[];
}

/** One use of my code at an institution. */
export interface EVoucherScanView {
  readonly at: string;
  readonly institutionName: string | null;
  /** the relative who showed it, or null when I did */
  readonly shownBy: string | null;
}

/** How many scans the hall lists. */
export const RECENT_SCANS = 10;

/** A person whose code I may show. `relation` is what they are to me. */
export interface ShownForView {
  readonly grantId: number;
  readonly personId: number;
  readonly name: string;
  readonly relation: Relation;
  readonly certnoMasked: string;
}

/** One rotating code. */
export interface IssuedToken {
  readonly token: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly lifetimeSeconds: number;
  /** the hall fetches the next code after this many seconds */
  readonly refreshAfterSeconds: number;
}

/** What a valid token stands for. */
export interface ResolvedToken {
  readonly claims: TokenClaims;
  readonly voucher: Selectable<EVoucherTable>;
  readonly person: Selectable<PersonTable>;
  readonly grant: (Selectable<EVoucherGrantTable> & { readonly proxyName: string }) | null;
}

/** A scanned code at the counter: the patient as for an ID-number lookup, and who showed the code. */
export interface ScanResult extends InstitutionPersonView {
  readonly displayedBy: { readonly name: string; readonly relation: Relation } | null;
  readonly tokenExpiresAt: string;
}

/** Failed identity checks allowed per person within the window, before activation is refused. */
export const ACTIVATION_MAX_FAILURES = 5;
export const ACTIVATION_FAILURE_WINDOW_MINUTES = 15;

const INVERSE: Readonly<Record<Relation, Relation>> = { spouse: 'spouse', parent: 'child', child: 'parent' };

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/**
 * 医保电子凭证: activation after an identity check, the rotating QR token, 近亲代展 grants, and
 * resolving a scanned token to the person (gateway 1101 and the settlement console).
 * `now` is the clock, so tests can issue tokens in the past.
 */
export class EVoucherService {
  constructor(
    private readonly db: Db,
    private readonly persons: PersonService,
    private readonly secrets: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  /** My voucher, the relatives who may show it, and the relatives I could allow. */
  async mine(actor: Actor): Promise<MyEVoucher> {
    const personId = insuredPerson(actor);
    const voucher = await activeVoucher(this.db, personId);
    const [grants, relatives, scans] = await Promise.all([
      voucher
        ? this.db
            .selectFrom('e_voucher_grants as g')
            .innerJoin('persons as p', 'p.id', 'g.proxy_person_id')
            .select(['g.id', 'g.relation', 'g.created_at', 'p.id as person_id', 'p.name', 'p.certno'])
            .where('g.voucher_id', '=', voucher.id)
            .where('g.revoked_at', 'is', null)
            .orderBy('g.id')
            .execute()
        : Promise.resolve([]),
      this.db
        .selectFrom('person_relations as r')
        .innerJoin('persons as p', 'p.id', 'r.relative_id')
        .select(['p.id', 'p.name', 'p.certno', 'r.relation'])
        .where('r.person_id', '=', personId)
        .orderBy('p.id')
        .execute(),
      this.db
        .selectFrom('e_voucher_scans as s')
        .innerJoin('e_vouchers as v', 'v.id', 's.voucher_id')
        .leftJoin('institutions as i', 'i.id', 's.institution_id')
        .leftJoin('e_voucher_grants as g', 'g.id', 's.grant_id')
        .leftJoin('persons as p', 'p.id', 'g.proxy_person_id')
        .select(['s.at', 'i.name as institution_name', 'p.name as proxy_name'])
        .where('v.person_id', '=', personId)
        .orderBy('s.id', 'desc')
        .limit(RECENT_SCANS)
        .execute(),
    ]);
    return {
      status: voucher ? 'active' : 'none',
      voucherId: voucher?.id ?? null,
      activatedAt: voucher ? iso(voucher.activated_at) : null,
      grants: grants.map((g) => ({
        id: g.id,
        personId: g.person_id,
        name: g.name,
        relation: g.relation,
        certnoMasked: maskCertno(g.certno),
        createdAt: iso(g.created_at),
      })),
      relatives: relatives.map((r) => ({
        personId: r.id,
        name: r.name,
        relation: r.relation,
        certnoMasked: maskCertno(r.certno),
        grantId: grants.find((g) => g.person_id === r.id)?.id ?? null,
      })),
      recentScans: scans.map((sc) => ({
        at: iso(sc.at),
        institutionName: sc.institution_name,
        shownBy: sc.proxy_name,
      })),
    };
  }

  /**
   * Activates my e-voucher after an identity check: the full ID number and name must match the
   * record and the account password must be right. Failures are counted per person; after
   * {@link ACTIVATION_MAX_FAILURES} within the window further attempts are refused outright.
   */
  async activate(
    actor: Actor,
    input: { readonly certno: string; readonly name: string; readonly password: string },
    ip = '',
  ): Promise<MyEVoucher> {
    const personId = insuredPerson(actor);
    const problems = [];
    if (!input.certno.trim())
      problems.push(fieldProblem('certno', 'required', '请输入身份证号', 'Enter the ID number'));
    if (!input.name.trim()) problems.push(fieldProblem('name', 'required', '请输入姓名', 'Enter the name'));
    if (!input.password)
      problems.push(fieldProblem('password', 'required', '请输入密码', 'Enter the password'));
    if (problems.length) throw validationError(problems);

    const since = new Date(this.now() - ACTIVATION_FAILURE_WINDOW_MINUTES * 60_000);
    const failures = await this.db
      .selectFrom('e_voucher_activation_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', personId)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(failures.n) >= ACTIVATION_MAX_FAILURES)
      throw new AppError('YB_ERR_RATE_LIMITED', { detail: 'e-voucher activation' });

    const [person, user] = await Promise.all([
      this.db.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirst(),
      this.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', actor.userId ?? -1)
        .executeTakeFirst(),
    ]);
    if (!person) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
    // Always run the password check, so a wrong ID number takes as long as a wrong password.
    const passwordOk = user ? await verifyPassword(input.password, user.password_hash) : false;
    const identityOk =
      input.certno.trim().toUpperCase() === person.certno && input.name.trim() === person.name && passwordOk;
    if (!identityOk) {
      // Outside any transaction: the failure must count although the request is refused.
      await this.db.insertInto('e_voucher_activation_failures').values({ person_id: personId, ip }).execute();
      throw new AppError('YB_ERR_EVOUCHER_IDENTITY');
    }
    if (person.status !== 'active') throw new AppError('YB_ERR_INACTIVE');

    await this.db.transaction().execute(async (tx) => {
      // The person row lock serialises two activations of the same person.
      await tx.selectFrom('persons').select('id').where('id', '=', personId).forUpdate().execute();
      if (await activeVoucher(tx, personId)) throw new AppError('YB_ERR_EVOUCHER_ALREADY_ACTIVE');
      const row = await tx
        .insertInto('e_vouchers')
        .values({
          person_id: personId,
          region_code: person.region_code,
          signing_key: this.secrets.seal(newSigningKey(), SEALED.eVoucherSigningKey),
        })
        .returning(['id', 'activated_at'])
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'e_voucher',
        entityId: row.id,
        regionCode: person.region_code,
        action: 'activate',
        before: null,
        after: { person_id: personId, status: 'active' },
      });
    });
    return this.mine(actor);
  }

  /** Revokes my e-voucher (lost phone…): its key retires, every code and grant stops working. */
  async revoke(actor: Actor, reason = ''): Promise<MyEVoucher> {
    const personId = insuredPerson(actor);
    await this.db.transaction().execute(async (tx) => {
      const voucher = await activeVoucher(tx, personId, true);
      if (!voucher) throw new AppError('YB_ERR_EVOUCHER_NOT_ACTIVE');
      const at = new Date(this.now());
      await tx
        .updateTable('e_vouchers')
        .set({ status: 'revoked', revoked_at: at, revoke_reason: reason.slice(0, 200) })
        .where('id', '=', voucher.id)
        .execute();
      await tx
        .updateTable('e_voucher_grants')
        .set({ revoked_at: at })
        .where('voucher_id', '=', voucher.id)
        .where('revoked_at', 'is', null)
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'e_voucher',
        entityId: voucher.id,
        regionCode: voucher.region_code,
        action: 'revoke',
        before: { status: 'active' },
        after: { status: 'revoked', reason },
      });
    });
    return this.mine(actor);
  }

  /** A fresh code for my own voucher. */
  async issueToken(actor: Actor): Promise<IssuedToken> {
    const voucher = await activeVoucher(this.db, insuredPerson(actor));
    if (!voucher) throw new AppError('YB_ERR_EVOUCHER_NOT_ACTIVE');
    return this.sign(voucher, 0);
  }

  /** Allows a close relative (registered in person_relations) to show my code. Idempotent. */
  async grant(actor: Actor, relativeId: number): Promise<MyEVoucher> {
    const personId = insuredPerson(actor);
    await this.db.transaction().execute(async (tx) => {
      const voucher = await activeVoucher(tx, personId, true);
      if (!voucher) throw new AppError('YB_ERR_EVOUCHER_NOT_ACTIVE');
      const relation = await tx
        .selectFrom('person_relations')
        .select('relation')
        .where('person_id', '=', personId)
        .where('relative_id', '=', relativeId)
        .executeTakeFirst();
      if (!relation)
        throw new AppError('YB_ERR_EVOUCHER_NOT_RELATIVE', { detail: `relativeId ${relativeId}` });
      const existing = await tx
        .selectFrom('e_voucher_grants')
        .select('id')
        .where('voucher_id', '=', voucher.id)
        .where('proxy_person_id', '=', relativeId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (existing) return;
      const row = await tx
        .insertInto('e_voucher_grants')
        .values({
          voucher_id: voucher.id,
          proxy_person_id: relativeId,
          relation: relation.relation,
          region_code: voucher.region_code,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordHistory(tx, actor, {
        entityType: 'e_voucher_grant',
        entityId: row.id,
        regionCode: voucher.region_code,
        action: 'grant',
        before: null,
        after: { voucher_id: voucher.id, proxy_person_id: relativeId, relation: relation.relation },
      });
    });
    return this.mine(actor);
  }

  /** Withdraws a relative's permission; codes they show stop working at once. */
  async revokeGrant(actor: Actor, grantId: number): Promise<MyEVoucher> {
    const personId = insuredPerson(actor);
    await this.db.transaction().execute(async (tx) => {
      const grant = await tx
        .selectFrom('e_voucher_grants as g')
        .innerJoin('e_vouchers as v', 'v.id', 'g.voucher_id')
        .select(['g.id', 'g.revoked_at', 'g.region_code', 'g.proxy_person_id'])
        .where('g.id', '=', grantId)
        .where('v.person_id', '=', personId)
        .executeTakeFirst();
      if (!grant) throw new AppError('YB_ERR_NOT_FOUND', { detail: `grant ${grantId}` });
      if (grant.revoked_at) return;
      await tx
        .updateTable('e_voucher_grants')
        .set({ revoked_at: new Date(this.now()) })
        .where('id', '=', grantId)
        .execute();
      await recordHistory(tx, actor, {
        entityType: 'e_voucher_grant',
        entityId: grantId,
        regionCode: grant.region_code,
        action: 'revoke',
        before: { revoked: false },
        after: { revoked: true, proxy_person_id: grant.proxy_person_id },
      });
    });
    return this.mine(actor);
  }

  /** The people whose codes I may show (grants to me on active vouchers of relatives still linked). */
  async shownFor(actor: Actor): Promise<ShownForView[]> {
    const personId = insuredPerson(actor);
    const rows = await this.db
      .selectFrom('e_voucher_grants as g')
      .innerJoin('e_vouchers as v', 'v.id', 'g.voucher_id')
      .innerJoin('persons as p', 'p.id', 'v.person_id')
      .innerJoin('person_relations as r', (join) =>
        join.onRef('r.person_id', '=', 'v.person_id').onRef('r.relative_id', '=', 'g.proxy_person_id'),
      )
      .select(['g.id', 'g.relation', 'p.id as person_id', 'p.name', 'p.certno'])
      .where('g.proxy_person_id', '=', personId)
      .where('g.revoked_at', 'is', null)
      .where('v.status', '=', 'active')
      .orderBy('g.id')
      .execute();
    return rows.map((r) => ({
      grantId: r.id,
      personId: r.person_id,
      name: r.name,
      relation: INVERSE[r.relation],
      certnoMasked: maskCertno(r.certno),
    }));
  }

  /** A fresh code of a relative's voucher, shown by me under their grant. */
  async issueProxyToken(actor: Actor, grantId: number): Promise<IssuedToken> {
    const allowed = (await this.shownFor(actor)).find((s) => s.grantId === grantId);
    if (!allowed) throw new AppError('YB_ERR_EVOUCHER_REVOKED', { detail: `grant ${grantId}` });
    const voucher = await activeVoucher(this.db, allowed.personId);
    if (!voucher) throw new AppError('YB_ERR_EVOUCHER_REVOKED');
    return this.sign(voucher, grantId);
  }

  /**
   * What a scanned token stands for, or a refusal: malformed, unknown voucher or wrong MAC →
   * INVALID (the same answer, so a forger learns nothing); outside its life → EXPIRED; voucher
   * revoked, grant withdrawn or the relative link gone → REVOKED. Reads only.
   */
  async resolve(executor: Executor, scanned: string, nowMs: number): Promise<ResolvedToken> {
    const parsed = parseToken(scanned);
    if (!parsed) throw new AppError('YB_ERR_EVOUCHER_TOKEN_INVALID');
    const voucher = await executor
      .selectFrom('e_vouchers')
      .selectAll()
      .where('id', '=', parsed.claims.voucherId)
      .executeTakeFirst();
    if (
      !voucher ||
      !macMatches(this.secrets.open(voucher.signing_key, SEALED.eVoucherSigningKey), parsed.body, parsed.mac)
    )
      throw new AppError('YB_ERR_EVOUCHER_TOKEN_INVALID');
    const time = tokenTime(parsed.claims, Math.floor(nowMs / 1000));
    if (time === 'expired') throw new AppError('YB_ERR_EVOUCHER_TOKEN_EXPIRED');
    if (time === 'notYetValid')
      throw new AppError('YB_ERR_EVOUCHER_TOKEN_INVALID', { detail: 'issued in the future' });
    if (voucher.status !== 'active') throw new AppError('YB_ERR_EVOUCHER_REVOKED');
    let grant: ResolvedToken['grant'] = null;
    if (parsed.claims.grantId !== 0) {
      const row = await executor
        .selectFrom('e_voucher_grants as g')
        .innerJoin('persons as p', 'p.id', 'g.proxy_person_id')
        .selectAll('g')
        .select('p.name as proxyName')
        .where('g.id', '=', parsed.claims.grantId)
        .where('g.voucher_id', '=', voucher.id)
        .executeTakeFirst();
      if (!row) throw new AppError('YB_ERR_EVOUCHER_TOKEN_INVALID');
      if (row.revoked_at) throw new AppError('YB_ERR_EVOUCHER_REVOKED', { detail: 'grant withdrawn' });
      const linked = await executor
        .selectFrom('person_relations')
        .select('relation')
        .where('person_id', '=', voucher.person_id)
        .where('relative_id', '=', row.proxy_person_id)
        .executeTakeFirst();
      if (!linked) throw new AppError('YB_ERR_EVOUCHER_REVOKED', { detail: 'no longer a close relative' });
      grant = row;
    }
    const person = await executor
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', voucher.person_id)
      .executeTakeFirstOrThrow();
    return { claims: parsed.claims, voucher, person, grant };
  }

  /** Records one successful scan in the caller's transaction. */
  async recordScan(
    executor: Executor,
    resolved: ResolvedToken,
    scan: { readonly institutionId: number | null; readonly channel: string },
  ): Promise<void> {
    await executor
      .insertInto('e_voucher_scans')
      .values({
        voucher_id: resolved.voucher.id,
        grant_id: resolved.grant?.id ?? null,
        institution_id: scan.institutionId,
        region_code: resolved.voucher.region_code,
        channel: scan.channel,
        token_issued_at: new Date(resolved.claims.issuedAt * 1000),
      })
      .execute();
  }

  /**
   * The settlement console's "scan e-voucher": institution operators resolve a scanned code to
   * the patient, as a lookup by ID number would (and logged the same way), plus who showed it.
   */
  async scanForInstitution(actor: Actor, scanned: string, onDate: string, path = ''): Promise<ScanResult> {
    requireRole(actor, ['institution_operator']);
    const resolved = await this.resolve(this.db, scanned, this.now());
    const view = await this.persons.lookupForInstitution(
      actor,
      { psnNo: resolved.person.psn_no },
      onDate,
      path,
    );
    await this.recordScan(this.db, resolved, { institutionId: actor.institutionId, channel: 'rest' });
    return {
      ...view,
      displayedBy: resolved.grant
        ? { name: maskName(resolved.grant.proxyName), relation: resolved.grant.relation }
        : null,
      tokenExpiresAt: new Date(
        (resolved.claims.issuedAt + resolved.claims.lifetimeSeconds) * 1000,
      ).toISOString(),
    };
  }

  private sign(voucher: Selectable<EVoucherTable>, grantId: number): IssuedToken {
    const issuedAt = Math.floor(this.now() / 1000);
    const key = this.secrets.open(voucher.signing_key, SEALED.eVoucherSigningKey);
    const token = buildToken(
      { voucherId: voucher.id, grantId, issuedAt, lifetimeSeconds: TOKEN_LIFETIME_SECONDS },
      (body) => tokenMac(key, body),
    );
    return {
      token,
      issuedAt: new Date(issuedAt * 1000).toISOString(),
      expiresAt: new Date((issuedAt + TOKEN_LIFETIME_SECONDS) * 1000).toISOString(),
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      refreshAfterSeconds: TOKEN_REFRESH_SECONDS,
    };
  }
}

function insuredPerson(actor: Actor): number {
  requireRole(actor, ['insured']);
  if (!actor.personId) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
  return actor.personId;
}

async function activeVoucher(
  executor: Executor,
  personId: number,
  lock = false,
): Promise<Selectable<EVoucherTable> | undefined> {
  let q = executor
    .selectFrom('e_vouchers')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '=', 'active');
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}
