import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Breakdown } from '../../src/domain/settlement/breakdown.js';
import { accumulatorYear } from '../../src/services/settlement/settlement-service.js';
import { activeBasicEnrolment } from '../../src/services/settlement/visit-service.js';
import { type Database, openPglite, openPostgres } from '../../src/store/database.js';
import { adminUrl, TEMPLATE_DB, templateDumpPath } from '../support/db-names.js';

/**
 * Crash safety of settlement: the real server (`node --import tsx src/main.ts`) runs as a child
 * process; a load of concurrent settle requests is fired at it and the process is killed with
 * SIGKILL while requests are in flight, twice (two kill points). After each restart every visit
 * is settled again with the same Idempotency-Key and body. The database must then show that no
 * settled money was lost and nothing was paid twice: one settlement per visit, the answers equal
 * the stored settlement, postings balance, and accumulators and personal-account balances equal
 * their starting values plus exactly the changes of the stored settlements.
 *
 * Database: a fresh PostgreSQL database when DATABASE_URL is set (a copy of the run's template,
 * dropped afterwards), else a fresh PGlite data folder (loaded from the run's template dump). On
 * PGlite the kill lands inside the embedded database too (the server process *is* the database):
 * PGlite writes through to the data folder (Emscripten NODEFS, fsync off), so committed WAL is in
 * the OS page cache when the process dies and the next start replays it (PostgreSQL crash
 * recovery; the control file says "in production" after the kill). Two caveats found on the way,
 * outside what this test can check: with fsync off a crash of the machine (not the process) may
 * lose commits, and PGlite does not lock its data folder (postmaster.pid holds pid -42 and a
 * second process opens the folder anyway), so a restart must wait until the killed process is
 * gone, as this test does. PGlite allows one process, so the test reads the database directly
 * only while the server is stopped.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const DATE = '2026-11-10';
const REGION = '370300';
const CONCURRENCY = 8;
const VISITS_PER_PERSON_PER_ROUND = 3;
const START_DEADLINE_MS = 150_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** Test policies taking effect after any shipped policy (as in src/api/rest/settlement.int.test.ts). */
const policy310 = {
  id: 'crash-370300-310',
  name: 'crash test employee policy 370300',
  region: REGION,
  insuranceType: '310',
  effectiveFrom: '2026-11-01',
  lines: { classBFirstSelfPay: 0.1 },
  benefits: {
    outpatientPooling: {
      deductible: { per: 'year', amounts: [{ amount: 200 }] },
      ratios: [{ ratio: 0.6 }],
      cap: { fundPerYear: 3000 },
    },
    inpatient: { deductible: { per: 'admission', amounts: [{ amount: 800 }] }, ratios: [{ ratio: 0.9 }] },
  },
  personalAccount: { covers: 'all' },
};
const policy390 = {
  ...policy310,
  id: 'crash-370300-390',
  name: 'crash test resident policy 370300',
  insuranceType: '390',
  personalAccount: { covers: 'none' },
};

// ---------------------------------------------------------------------------------------------
// The database under test

interface Target {
  readonly kind: 'pglite' | 'postgres';
  /** Environment for the server child: DATABASE_URL or YIBAO_DATA_DIR. */
  readonly env: Record<string, string>;
  /** Holds the demo data already (copied from the run's template). */
  readonly seeded: boolean;
  /** Direct access; on PGlite only while the server is stopped. */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

async function prepareTarget(): Promise<Target> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `yibao_crash_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(adminUrl(url), 1);
    const template = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_database where datname = ${TEMPLATE_DB}`.execute(admin.db);
    const seeded = template.rows[0]!.n > 0;
    await sql.raw(`create database ${name}${seeded ? ` template ${TEMPLATE_DB}` : ''}`).execute(admin.db);
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const dbUrl = u.toString();
    return {
      kind: 'postgres',
      env: { DATABASE_URL: dbUrl },
      seeded,
      open: async () => openPostgres(dbUrl, 2),
      async dispose() {
        const again = openPostgres(adminUrl(url), 1);
        await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db);
        await again.close();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-crash-'));
  const pgliteDir = path.join(dataDir, 'pglite'); // where src/store/database.ts openDatabase puts it
  const dump = templateDumpPath();
  const seeded = fs.existsSync(dump);
  if (seeded) {
    const database = await openPglite(pgliteDir, new Blob([fs.readFileSync(dump)]));
    await database.close();
  }
  return {
    kind: 'pglite',
    env: { YIBAO_DATA_DIR: dataDir },
    seeded,
    open: () => openPglite(pgliteDir),
    async dispose() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The server as a child process

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output: string[] = [];
  starts = 0;

  constructor(
    readonly port: number,
    private readonly databaseEnv: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts `node --import tsx src/main.ts` and waits for GET /api/v1/health; returns the milliseconds it took. */
  async start(): Promise<number> {
    if (this.running) throw new Error('server already running');
    const began = Date.now();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    delete env.YIBAO_DATA_DIR;
    Object.assign(env, {
      PORT: String(this.port),
      HOST: '127.0.0.1',
      YIBAO_LOG_LEVEL: 'warn',
      ...this.databaseEnv,
    });
    this.output = [];
    this.starts++;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    while (Date.now() - began < START_DEADLINE_MS) {
      if (!this.running)
        throw new Error(
          `server exited during start ${this.starts} (code ${child.exitCode}, signal ${child.signalCode}):\n${this.log()}`,
        );
      try {
        const res = await fetch(`${this.baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
        if (res.ok) return Date.now() - began;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    await this.kill();
    throw new Error(
      `server not healthy within ${START_DEADLINE_MS} ms (start ${this.starts}):\n${this.log()}`,
    );
  }

  /** The crash: SIGKILL, no chance to close anything. */
  async kill(): Promise<void> {
    if (this.running) this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM closes the server and the database), SIGKILL after 30 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }

  log(): string {
    return this.output.join('').slice(-8000);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP, loopback only

interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of several shapes
  readonly body: any;
}

class Client {
  private cookies = new Map<string, string>();

  constructor(private readonly server: ServerProcess) {}

  async login(username: string, password: string): Promise<void> {
    const res = await fetch(`${this.server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    this.cookies.set(username, cookie);
  }

  async call(
    as: string,
    method: 'GET' | 'POST',
    url: string,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await fetch(`${this.server.baseUrl}${url}`, {
      method,
      headers: {
        cookie: this.cookies.get(as) ?? '',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async ok(as: string, method: 'GET' | 'POST', url: string, body?: object): Promise<Answer['body']> {
    const r = await this.call(as, method, url, body);
    if (r.status < 200 || r.status > 299)
      throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  settle(v: PlannedVisit): Promise<Answer> {
    return this.call(
      'hospital',
      'POST',
      `/api/v1/visits/${v.id}/settle`,
      { useAccount: v.useAccount },
      { 'idempotency-key': v.key },
    );
  }
}

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A small deterministic PRNG (mulberry32) so the load is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The load

interface Person {
  readonly id: number;
  readonly insuranceType: '310' | '390';
}

interface PlannedVisit {
  readonly id: number;
  readonly personId: number;
  readonly round: 1 | 2;
  readonly key: string;
  readonly useAccount: boolean;
}

interface Snapshot {
  readonly settlements: number;
  /** person id → balance, every personal account */
  readonly balances: Map<number, number>;
  /** `${personId}|${year}|${key}` → value, for the persons of the load */
  readonly accumulators: Map<string, number>;
}

/**
 * Eight persons of the hospital's pooling region whose basic enrolment on DATE is active there:
 * two employees who may draw on a relative's account (家庭共济) and two with small balances (their
 * own accounts run out during the load), one with a large balance, three residents.
 */
async function pickPersons(db: Database['db']): Promise<Person[]> {
  const chosen = new Map<number, Person>();
  const take = async (ids: readonly number[], insuranceType: '310' | '390', count: number) => {
    let taken = 0;
    for (const id of ids) {
      if (taken === count) return;
      if (chosen.has(id)) continue;
      const basic = await activeBasicEnrolment(db, id, DATE);
      if (
        basic?.region_code !== REGION ||
        basic.status !== 'active' ||
        basic.insurance_type !== insuranceType
      )
        continue;
      chosen.set(id, { id, insuranceType });
      taken++;
    }
  };
  const employees = (order: 'asc' | 'desc') =>
    db
      .selectFrom('personal_accounts as a')
      .innerJoin('enrolments as e', 'e.person_id', 'a.person_id')
      .select('a.person_id')
      .where('e.region_code', '=', REGION)
      .where('e.insurance_type', '=', '310')
      .where('e.status', '=', 'active')
      .where('a.balance', '>', 0)
      .orderBy('a.balance', order)
      .orderBy('a.person_id')
      .limit(40)
      .execute();
  const beneficiaries = await db
    .selectFrom('mutual_aid_links as m')
    .innerJoin('personal_accounts as a', 'a.person_id', 'm.beneficiary_person_id')
    .select('m.beneficiary_person_id as person_id')
    .where('a.region_code', '=', REGION)
    .orderBy('a.balance')
    .orderBy('m.beneficiary_person_id')
    .limit(40)
    .execute();
  const residents = await db
    .selectFrom('enrolments')
    .select('person_id')
    .where('region_code', '=', REGION)
    .where('insurance_type', '=', '390')
    .where('status', '=', 'active')
    .where('start_date', '<=', DATE)
    .orderBy('person_id')
    .limit(40)
    .execute();
  const ids = (rows: readonly { person_id: number }[]) => rows.map((r) => r.person_id);
  await take(ids(beneficiaries), '310', 2);
  await take(ids(await employees('asc')), '310', 2);
  await take(ids(await employees('desc')), '310', 1);
  await take(ids(residents), '390', 3);
  return [...chosen.values()];
}

async function snapshot(db: Database['db'], persons: readonly Person[]): Promise<Snapshot> {
  const settlements = await db
    .selectFrom('settlements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const balances = new Map(
    (await db.selectFrom('personal_accounts').select(['person_id', 'balance']).execute()).map((r) => [
      r.person_id,
      r.balance,
    ]),
  );
  const accumulators = new Map(
    (
      await db
        .selectFrom('accumulators')
        .select(['person_id', 'year', 'key', 'value'])
        .where(
          'person_id',
          'in',
          persons.map((p) => p.id),
        )
        .execute()
    ).map((r) => [`${r.person_id}|${r.year}|${r.key}`, r.value]),
  );
  return { settlements: Number(settlements.n), balances, accumulators };
}

interface RoundReport {
  readonly round: 1 | 2;
  readonly killRule: string;
  readonly answeredBeforeKill: number;
  readonly inFlightAtKill: readonly number[];
  readonly notSent: number;
  readonly killedAt: number;
  readonly answers: Map<number, Answer>;
}

/**
 * Fires the settle requests of one round with bounded concurrency and SIGKILLs the server when
 * `killAfterAnswers` answers have arrived (plus `extraDelayMs`), with requests still in flight.
 */
async function fireAndKill(
  server: ServerProcess,
  client: Client,
  visits: readonly PlannedVisit[],
  round: 1 | 2,
  killAfterAnswers: number,
  extraDelayMs: number,
): Promise<RoundReport> {
  const answers = new Map<number, Answer>();
  const inFlight = new Set<number>();
  let next = 0;
  let killed = false;
  let killTriggered = false;
  let inFlightAtKill: number[] = [];
  let answeredBeforeKill = 0;
  let killedAt = 0;
  let kill: Promise<void> = Promise.resolve();
  const triggerKill = () => {
    killTriggered = true;
    kill = sleep(extraDelayMs).then(() => {
      killed = true;
      inFlightAtKill = [...inFlight];
      answeredBeforeKill = answers.size;
      killedAt = Date.now();
      return server.kill();
    });
  };
  const worker = async () => {
    while (!killed && next < visits.length) {
      const v = visits[next++]!;
      inFlight.add(v.id);
      try {
        const r = await client.settle(v);
        answers.set(v.id, r); // an answer that slipped out just before the kill counts too
        if (!killTriggered && answers.size >= killAfterAnswers) triggerKill();
      } catch {
        // the connection died with the server: the request may or may not have committed
      } finally {
        inFlight.delete(v.id);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (!killTriggered) triggerKill(); // everything answered first: still crash, the check below fails
  await kill;
  return {
    round,
    killRule: `after ${killAfterAnswers} answers + ${extraDelayMs} ms`,
    answeredBeforeKill,
    inFlightAtKill,
    notSent: visits.length - next,
    killedAt,
    answers,
  };
}

/** Sends the settle request until the server answers (bounded: 20 tries, 60 s). */
async function settleUntilAnswered(client: Client, v: PlannedVisit): Promise<Answer> {
  const deadline = Date.now() + 60_000;
  let last: unknown = null;
  for (let attempt = 0; attempt < 20 && Date.now() < deadline; attempt++) {
    try {
      const r = await client.settle(v);
      if (r.status < 500) return r;
      last = r;
    } catch (e) {
      last = e;
    }
    await sleep(500);
  }
  throw new Error(`visit ${v.id}: no answer after retries: ${String(last)}`);
}

async function retryAll(client: Client, visits: readonly PlannedVisit[]): Promise<Map<number, Answer>> {
  const answers = new Map<number, Answer>();
  await pool(visits, CONCURRENCY, async (v) => {
    answers.set(v.id, await settleUntilAnswered(client, v));
  });
  return answers;
}

// ---------------------------------------------------------------------------------------------

let target: Target | null = null;
let server: ServerProcess | null = null;

beforeAll(async () => {
  target = await prepareTarget();
}, 120_000);

afterAll(async () => {
  await server?.kill();
  await target?.dispose();
}, 60_000);

describe('settlement survives a crash of the server', () => {
  it('loses no settled money and never pays twice when the process is killed mid-load (two kill points)', async () => {
    const t = target!;
    const timings: string[] = [];
    const began = Date.now();
    const lap = (what: string, ms: number) => timings.push(`${what} ${(ms / 1000).toFixed(1)} s`);
    server = new ServerProcess(await freePort(), t.env);
    const s = server;

    if (!t.seeded) {
      // No template from the run's global set-up: the first start seeds the demo data (slow).
      lap('first start (seeding)', await s.start());
      await s.stop();
    }

    // Persons and the starting state, read directly (PGlite: before the server opens it).
    let persons: Person[];
    let before: Snapshot;
    {
      const database = await t.open();
      try {
        persons = await pickPersons(database.db);
        before = await snapshot(database.db, persons);
      } finally {
        await database.close();
      }
    }
    expect(persons).toHaveLength(8);

    // Start 1: policies, catalogue, visits with lines.
    lap('start 1', await s.start());
    let client = new Client(s);
    await client.login('hospital', 'hospital123');
    await client.login('admin', 'admin123');
    const me = await client.ok('hospital', 'GET', '/api/v1/auth/me');
    const hospitalId: number = me.user.institutionId;
    for (const document of [policy310, policy390])
      await client.ok('admin', 'POST', '/api/v1/policies', { document });
    const items: { code: string; paymentStandard: number }[] = [];
    for (const itemClass of ['A', 'B'] as const) {
      const page = await client.ok(
        'hospital',
        'GET',
        `/api/v1/catalogue/items?regionCode=${REGION}&date=${DATE}&kind=drug&itemClass=${itemClass}&pageSize=50`,
      );
      items.push(
        ...page.items
          .filter(
            (i: { restrictions: object; paymentStandard: number }) =>
              Object.keys(i.restrictions).length === 0 && i.paymentStandard > 0,
          )
          .slice(0, itemClass === 'A' ? 5 : 2),
      );
    }
    expect(items.length).toBeGreaterThanOrEqual(3);

    const random = prng(20261110);
    const plan: {
      personId: number;
      round: 1 | 2;
      useAccount: boolean;
      lines: { code: string; quantity: number; unitPrice: number }[];
    }[] = [];
    for (const round of [1, 2] as const)
      for (let i = 0; i < VISITS_PER_PERSON_PER_ROUND; i++)
        for (const p of persons)
          plan.push({
            personId: p.id,
            round,
            // employees mostly draw on their accounts; a resident asks to once (policy: covers none)
            useAccount: p.insuranceType === '310' ? i !== 1 : p.id === persons.at(-1)?.id && i === 0,
            lines: Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
              const item = items[Math.floor(random() * items.length)]!;
              const amount = 30_00 + Math.floor(random() * 250_00); // 30–280 yuan per line
              return {
                code: item.code,
                quantity: Math.max(1, Math.ceil(amount / item.paymentStandard)),
                unitPrice: item.paymentStandard,
              };
            }),
          });
    const visits: PlannedVisit[] = [];
    const created = Date.now();
    await pool(plan, 4, async (p) => {
      const visit = await client.ok('hospital', 'POST', '/api/v1/visits', {
        personId: p.personId,
        institutionId: hospitalId,
        medType: '11',
        beginDate: DATE,
      });
      await client.ok('hospital', 'POST', `/api/v1/visits/${visit.id}/lines`, { lines: p.lines });
      visits.push({
        id: visit.id,
        personId: p.personId,
        round: p.round,
        key: `crash-${visit.id}`,
        useAccount: p.useAccount,
      });
    });
    lap(`${visits.length} visits with lines`, Date.now() - created);
    visits.sort((x, y) => x.id - y.id);
    const round1 = visits.filter((v) => v.round === 1);
    const round2 = visits.filter((v) => v.round === 2);

    // Kill point 1: right after the third answer, many requests in flight.
    const r1 = await fireAndKill(s, client, round1, 1, 3, 0);

    // Start 2: every round-1 visit again with the same key and body; then kill point 2.
    lap('restart after kill 1', await s.start());
    client = new Client(s);
    await client.login('hospital', 'hospital123');
    const retried1 = await retryAll(client, round1);
    const killAfter = 4 + Math.floor(Math.random() * 7); // 4–10 answers: 14+ requests still to go
    const extraDelay = Math.floor(Math.random() * 15); // lands anywhere in a request, not just after one
    const r2 = await fireAndKill(s, client, round2, 2, killAfter, extraDelay);

    // Start 3: every visit of both rounds again, then a graceful stop to read the database.
    lap('restart after kill 2', await s.start());
    client = new Client(s);
    await client.login('hospital', 'hospital123');
    const final = await retryAll(client, visits);
    await s.stop();

    for (const r of [r1, r2]) {
      const settledBeforeCrash = r.inFlightAtKill.filter(
        (id) => Date.parse(final.get(id)?.body?.settledAt ?? '') < r.killedAt,
      ).length;
      console.info(
        `[crash ${t.kind}] round ${r.round}: SIGKILL ${r.killRule}; ${r.answeredBeforeKill} answered, ` +
          `${r.inFlightAtKill.length} in flight (${settledBeforeCrash} had committed, ` +
          `${r.inFlightAtKill.length - settledBeforeCrash} rolled back), ${r.notSent} not yet sent`,
      );
      expect(r.inFlightAtKill.length, `round ${r.round}: requests in flight at the kill`).toBeGreaterThan(0);
      for (const [id, a] of r.answers)
        expect(a.status, `round ${r.round} visit ${id}: ${JSON.stringify(a.body)}`).toBe(200);
    }

    // ---- Verification, directly in the database.
    const database = await t.open();
    try {
      const db = database.db;
      const ids = visits.map((v) => v.id);
      const rows = await db.selectFrom('settlements').selectAll().where('visit_id', 'in', ids).execute();
      const byVisit = new Map<number, (typeof rows)[number][]>();
      for (const r of rows) byVisit.set(r.visit_id, [...(byVisit.get(r.visit_id) ?? []), r]);

      for (const v of visits) {
        const stored = byVisit.get(v.id) ?? [];
        expect(stored, `visit ${v.id}: settlements`).toHaveLength(1);
        const row = stored[0]!;
        expect(row).toMatchObject({ status: 'settled', client_key: v.key, person_id: v.personId });
        expect(row.policy_id).toMatch(/^crash-370300-3[19]0$/);
        // Every answer the hospital received, before or after a crash, is this settlement.
        const seen = [final.get(v.id), r1.answers.get(v.id), r2.answers.get(v.id), retried1.get(v.id)];
        for (const a of seen) {
          if (!a) continue;
          expect(a.status, `visit ${v.id}: ${JSON.stringify(a.body)}`).toBe(200);
          expect(a.body).toMatchObject({
            id: row.id,
            setlNo: row.setl_no,
            visitId: v.id,
            status: 'settled',
            total: row.total,
            fundTotal: row.fund_total,
            personalAccount: row.personal_account,
            cash: row.cash,
          });
          expect(a.body.breakdown).toEqual(row.breakdown);
        }
      }
      const visitStatus = await db
        .selectFrom('visits')
        .select(['id', 'status'])
        .where('id', 'in', ids)
        .execute();
      for (const v of visitStatus) expect(v.status, `visit ${v.id}`).toBe('settled');
      const total = await db
        .selectFrom('settlements')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(total.n), 'no settlement other than one per visit').toBe(
        before.settlements + visits.length,
      );

      // Postings: one set per settlement, balanced; the fund and account postings match the figures.
      const postings = await db
        .selectFrom('postings')
        .select(['settlement_id', 'kind', 'account', 'amount'])
        .where(
          'settlement_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      for (const row of rows) {
        const mine = postings.filter((p) => p.settlement_id === row.id);
        const b = row.breakdown as Breakdown;
        const expectedCount =
          (b.total !== 0 ? 1 : 0) +
          b.payers.filter((p) => p.amount !== 0).length +
          b.accountPayments.filter((p) => p.amount !== 0).length +
          (b.cash !== 0 ? 1 : 0);
        expect(mine, `settlement ${row.id}: postings`).toHaveLength(expectedCount);
        expect(mine.every((p) => p.kind === 'settle')).toBe(true);
        const sum = (f: (account: string) => boolean) =>
          mine.filter((p) => f(p.account)).reduce((acc, p) => acc + p.amount, 0);
        expect(
          sum(() => true),
          `settlement ${row.id}: postings balance`,
        ).toBe(0);
        expect(sum((a) => a.startsWith('fund:'))).toBe(row.fund_total);
        expect(sum((a) => a.startsWith('personalAccount:'))).toBe(row.personal_account);
        expect(row.fund_total + row.personal_account + row.cash).toBe(row.total);
      }
      const funds = await sql<{
        postings: string | null;
        settlements: string | null;
      }>`select (select sum(amount) from postings where account like 'fund:%')::text as postings,
                (select sum(fund_total) from settlements where status = 'settled')::text as settlements`.execute(
        db,
      );
      expect(Number(funds.rows[0]!.postings ?? 0), 'fund postings = fund totals').toBe(
        Number(funds.rows[0]!.settlements ?? 0),
      );

      // Accumulators: the starting values plus exactly the changes of the stored settlements.
      const year = accumulatorYear(DATE, 1);
      const expectedAcc = new Map(before.accumulators);
      const expectedBalances = new Map(before.balances);
      for (const row of rows) {
        const b = row.breakdown as Breakdown;
        for (const [key, value] of Object.entries(b.accumulators)) {
          if (key.startsWith('account.')) {
            const owner = key.slice('account.'.length);
            const pid = owner === 'self' ? row.person_id : Number(owner.slice('person:'.length));
            expect(expectedBalances.has(pid), `settlement ${row.id}: ${key} has an account`).toBe(true);
            expectedBalances.set(pid, expectedBalances.get(pid)! + value);
          } else {
            const k = `${row.person_id}|${year}|${key}`;
            expectedAcc.set(k, (expectedAcc.get(k) ?? 0) + value);
          }
        }
      }
      const accRows = await db
        .selectFrom('accumulators')
        .select(['person_id', 'year', 'key', 'value'])
        .where(
          'person_id',
          'in',
          persons.map((p) => p.id),
        )
        .execute();
      const nonZero = (m: Map<string, number>) =>
        Object.fromEntries([...m].filter(([, v]) => v !== 0).sort());
      expect(nonZero(new Map(accRows.map((r) => [`${r.person_id}|${r.year}|${r.key}`, r.value])))).toEqual(
        nonZero(expectedAcc),
      );

      // Personal accounts: every balance is its starting balance plus the account changes.
      const balances = await db.selectFrom('personal_accounts').select(['person_id', 'balance']).execute();
      expect(balances).toHaveLength(before.balances.size);
      const mismatched = balances.filter((r) => r.balance !== expectedBalances.get(r.person_id));
      expect(mismatched).toEqual([]);
      expect(balances.filter((r) => r.balance < 0)).toEqual([]);
      const drawn = rows.reduce((acc, r) => acc + r.personal_account, 0);
      const accountTotal = (m: Iterable<number>) => [...m].reduce((acc, x) => acc + x, 0);
      expect(accountTotal(before.balances.values()) - accountTotal(balances.map((r) => r.balance))).toBe(
        drawn,
      );
      console.info(
        `[crash ${t.kind}] ${visits.length} settlements verified: fund ${rows.reduce((a, r) => a + r.fund_total, 0)} fen, ` +
          `accounts ${drawn} fen (${rows.filter((r) => (r.breakdown as Breakdown).accountPayments.some((p) => p.owner !== 'self')).length} with mutual aid); ` +
          `${timings.join(', ')}; total ${((Date.now() - began) / 1000).toFixed(1)} s`,
      );
    } finally {
      await database.close();
    }
  }, 300_000);
});
