/**
 * Settlement throughput through the HIS gateway on PostgreSQL: the real server runs as a child
 * process (`node --import tsx src/main.ts`) on a fresh database; visits are registered (2201) and
 * their fees uploaded (2204) through the gateway, then `--concurrency` client loops send one signed
 * 2207 per visit over keep-alive HTTP. pgbench's built-in TPC-B-like run on the same PostgreSQL
 * server in the same run is the baseline.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/gateway.ts
 *   options: --visits 600 --concurrency 8 --pgbench-seconds 15
 *            --count-round-trips  (the server reaches PostgreSQL through a relay in this process
 *            that counts its round trips and statements per 2207; slower, so not for throughput)
 *
 * The server has no multi-process mode, so there is no --workers option: one Node process serves
 * every request, with the server's own pool of 10 connections.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createServices } from '../src/app/services.js';
import { type HisCredentials, prepareHisRequest } from '../src/cli/his-client.js';
import { fen, formatYuan } from '../src/domain/money/fen.js';
import { SYSTEM_ACTOR } from '../src/services/actor.js';
import { SecretBox } from '../src/services/secrets/secret-box.js';
import { type Database, openPostgres } from '../src/store/database.js';
import {
  arg,
  BENCH_DATE,
  benchFeeLines,
  databaseUrl,
  percentile,
  processCpuMs,
  recreateDatabases,
  runPgbench,
} from './support.js';

const VISITS = arg('visits', 600);
const CONCURRENCY = arg('concurrency', 8);
const PGBENCH_SECONDS = arg('pgbench-seconds', 15);
const COUNT_ROUND_TRIPS = process.argv.includes('--count-round-trips');
const DATE = BENCH_DATE;
const BENCH_DB = 'yibao_gwbench';
const PGBENCH_DB = 'yibao_gwpgbench';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/** Round trips (Query and Sync messages) and statements (Query and Execute) sent to PostgreSQL. */
interface WireCounts {
  roundTrips: number;
  statements: number;
}

/**
 * A TCP relay to the PostgreSQL server of `target` that counts what its clients send, by reading
 * the frontend messages of the wire protocol (without TLS). Returns the URL to connect through.
 */
async function countingRelay(target: string) {
  const t = new URL(target);
  const counts: WireCounts = { roundTrips: 0, statements: 0 };
  const SSL_REQUEST = 80877103;
  const relay = net.createServer((client) => {
    const upstream = net.connect(Number(t.port || 5432), t.hostname);
    let started = false;
    let pending = Buffer.alloc(0);
    client.on('data', (chunk) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          // The startup message (and an SSLRequest before it) has a length but no type byte.
          if (pending.length < 8 || pending.length < pending.readInt32BE(0)) break;
          started = pending.readInt32BE(4) !== SSL_REQUEST;
          pending = pending.subarray(pending.readInt32BE(0));
          continue;
        }
        if (pending.length < 5 || pending.length < 1 + pending.readInt32BE(1)) break;
        const type = String.fromCharCode(pending[0]!);
        if (type === 'Q' || type === 'S') counts.roundTrips++;
        if (type === 'Q' || type === 'E') counts.statements++;
        pending = pending.subarray(1 + pending.readInt32BE(1));
      }
    });
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  const via = new URL(target);
  via.hostname = '127.0.0.1';
  via.port = String(typeof address === 'object' && address ? address.port : 0);
  return {
    url: via.toString(),
    counts,
    close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
  };
}

/** The server as a child process, with the tail of its output kept for error messages. */
interface Server {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/** One key for the server and the bench, which registers the terminal in its own process. */
const SECRET_KEY = randomBytes(32);

function startServer(url: string, port: number): Server {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Fastify logs every request at info; warn keeps only problems.
      YIBAO_LOG_LEVEL: 'warn',
      YIBAO_SEED_DEMO: 'true',
      // the bench registers the terminal; the server must open its sealed secrets
      YIBAO_SECRET_KEY: SECRET_KEY.toString('base64url'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls /api/v1/health until the server answers; fails with its output if it exits first. */
async function waitForServer(server: Server, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(
        `the server exited (${server.child.exitCode ?? server.child.signalCode}):\n${server.output()}`,
      );
    try {
      const res = await fetch(`${server.baseUrl}/api/v1/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${server.output()}`);
}

/** Runs `work` for each item with `concurrency` loops. */
async function inLoops<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

interface HisAnswer {
  readonly infcode: number;
  readonly err_msg?: string | null;
  readonly output?: Record<string, unknown>;
}

/** A HIS client of one terminal: signed requests (tif scheme, fresh nonce) with msgids unique in the run. */
function hisClient(baseUrl: string, credentials: HisCredentials) {
  let signNo = '';
  const call = async (infno: string, input: Record<string, unknown>) => {
    const nowMs = Date.now();
    const req = prepareHisRequest({
      baseUrl,
      credentials,
      scheme: 'tif',
      infno,
      input,
      nowMs,
      // every bench person is insured in 370300
      envelope: { sign_no: signNo, insuplc_admdvs: '370300' },
    });
    const start = performance.now();
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
    const text = await res.text();
    const ms = performance.now() - start;
    let answer: HisAnswer;
    try {
      answer = JSON.parse(text) as HisAnswer;
    } catch {
      throw new Error(`${infno}: HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    return { answer, ms };
  };
  return {
    call,
    /** Like call, but a refusal (infcode ≠ 0) throws. */
    async ok(infno: string, input: Record<string, unknown>) {
      const { answer } = await call(infno, input);
      if (answer.infcode !== 0) throw new Error(`${infno} refused: ${answer.err_msg ?? '(no err_msg)'}`);
      return answer.output ?? {};
    },
    setSignNo(value: string) {
      signNo = value;
    },
  };
}

/** Terminal, persons and fee lines, read and registered beside the running server in its database. */
async function prepareData(database: Database) {
  const db = database.db;
  const services = createServices(db, { sessionTtlSeconds: 3600 }, SecretBox.fromKey(SECRET_KEY));
  const hospital = await db
    .selectFrom('institutions')
    .select(['id', 'code'])
    .where('code', 'like', 'H3703%')
    .where('kind', '=', 'hospital')
    .where('level', '=', 3)
    .where('agreement_status', '=', 'active')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  // What `yibao terminal add --json` does, on the same database the server uses.
  const credentials = await services.terminals.register(SYSTEM_ACTOR, {
    institutionCode: hospital.code,
    location: 'bench/gateway.ts',
  });
  const persons = await db
    .selectFrom('enrolments as e')
    .innerJoin('persons as p', 'p.id', 'e.person_id')
    .select(['p.psn_no', 'p.certno', 'e.insurance_type'])
    .where('e.region_code', '=', '370300')
    .where('e.insurance_type', 'in', ['310', '390'])
    .where('e.status', '=', 'active')
    .where('e.start_date', '<=', DATE)
    .orderBy('p.id')
    .limit(VISITS)
    .execute();
  const lines = await benchFeeLines(services);
  const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  return { credentials, persons, lines, total };
}

type Prepared = Awaited<ReturnType<typeof prepareData>>;
const yuan = (f: number) => formatYuan(fen(f));

/** 2201 + 2204 for each person through the gateway; returns the 2207 input of each visit. */
async function prepareVisits(his: ReturnType<typeof hisClient>, p: Prepared) {
  const settleInputs: Record<string, unknown>[] = [];
  let visitNo = 0;
  await inLoops(p.persons, CONCURRENCY, async (person) => {
    const reg = await his.ok('2201', {
      data: {
        psn_no: person.psn_no,
        insutype: person.insurance_type,
        begntime: `${DATE} 09:30:00`,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: person.certno,
        ipt_otp_no: `MZ${String(++visitNo).padStart(6, '0')}`,
        atddr_no: 'D01',
        dr_name: '王医生',
        dept_code: 'A03',
        dept_name: '内科',
        caty: 'A03',
      },
    });
    const mdtrtId = String((reg.data as { mdtrt_id: string }).mdtrt_id);
    await his.ok('2204', {
      feedetail: p.lines.map((l, n) => ({
        feedetl_sn: `F${n + 1}`,
        mdtrt_id: mdtrtId,
        psn_no: person.psn_no,
        chrg_bchno: 'B1',
        fee_ocur_time: `${DATE} 09:40:00`,
        med_list_codg: l.code,
        det_item_fee_sumamt: yuan(l.quantity * l.unitPrice),
        cnt: l.quantity,
        pric: yuan(l.unitPrice),
      })),
    });
    settleInputs.push({
      data: {
        psn_no: person.psn_no,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: person.certno,
        med_type: '11',
        medfee_sumamt: yuan(p.total),
        psn_setlway: '01',
        mdtrt_id: mdtrtId,
        chrg_bchno: 'B1',
        acct_used_flag: '1',
        insutype: person.insurance_type,
      },
    });
  });
  return settleInputs;
}

async function runGateway(url: string) {
  const port = await freePort();
  const relay = COUNT_ROUND_TRIPS ? await countingRelay(url) : null;
  const server = startServer(relay?.url ?? url, port);
  const database = openPostgres(url, 2);
  try {
    const t0 = performance.now();
    await waitForServer(server);
    const startSeconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    const prepared = await prepareData(database);
    const his = hisClient(server.baseUrl, prepared.credentials);
    const signIn = await his.ok('9001', { signIn: { opter_no: '001', mac: '', ip: '127.0.0.1' } });
    his.setSignNo(String((signIn.signinoutb as { sign_no: string }).sign_no));
    const settleInputs = await prepareVisits(his, prepared);
    const prepareSeconds = (performance.now() - t1) / 1000;

    const latencies: number[] = [];
    const refusals: string[] = [];
    const clientCpu = process.cpuUsage();
    const serverCpu0 = processCpuMs(server.child.pid);
    const wire0 = relay ? { ...relay.counts } : null;
    const start = performance.now();
    await inLoops(settleInputs, CONCURRENCY, async (input) => {
      const { answer, ms } = await his.call('2207', input);
      latencies.push(ms);
      if (answer.infcode !== 0) refusals.push(answer.err_msg ?? `infcode ${answer.infcode}`);
    });
    const seconds = (performance.now() - start) / 1000;
    const serverCpu1 = processCpuMs(server.child.pid);
    const wire1 = relay ? { ...relay.counts } : null;
    const clientUsed = process.cpuUsage(clientCpu);
    latencies.sort((a, b) => a - b);

    const check = await sql<{
      settled: number;
      postings: number;
      zero: boolean;
    }>`select (select count(*)::int from settlements where status = 'settled') as settled,
              count(*)::int as postings, coalesce(sum(amount), 0) = 0 as zero
         from postings`.execute(database.db);
    const row = check.rows[0];
    const n = settleInputs.length;
    const serverCpuMs = serverCpu0 !== null && serverCpu1 !== null ? serverCpu1 - serverCpu0 : null;
    return {
      result: {
        database: 'postgres',
        path: `HIS gateway 2207 over HTTP (keep-alive), server in a child process${relay ? ', through the counting relay' : ''}`,
        settlements: n,
        concurrency: CONCURRENCY,
        serverStartSeconds: Number(startSeconds.toFixed(1)),
        prepareSeconds: Number(prepareSeconds.toFixed(1)),
        settlementsPerSecond: Number((n / seconds).toFixed(1)),
        p50ms: Number(percentile(latencies, 50).toFixed(2)),
        p99ms: Number(percentile(latencies, 99).toFixed(2)),
        refused: refusals.length,
        settledRows: row?.settled ?? 0,
        postingsBalance: row?.zero === true,
        /** CPU the server process used while settling, per settlement (null without /proc) */
        serverCpuMsPerSettlement: serverCpuMs === null ? null : Number((serverCpuMs / n).toFixed(2)),
        /** CPU this (client) process used while settling, per settlement */
        clientCpuMsPerSettlement: Number(((clientUsed.user + clientUsed.system) / 1e3 / n).toFixed(2)),
        ...(wire0 && wire1
          ? {
              /** server ↔ PostgreSQL round trips per 2207 (through the counting relay) */
              roundTripsPerSettlement: Number(((wire1.roundTrips - wire0.roundTrips) / n).toFixed(2)),
              statementsPerSettlement: Number(((wire1.statements - wire0.statements) / n).toFixed(2)),
            }
          : {}),
      },
      refusals,
    };
  } finally {
    await database.close();
    await server.stop();
    await relay?.close();
  }
}

const url = process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error('bench/gateway.ts needs DATABASE_URL=postgres://… (a server where it may create databases)');
  process.exit(2);
}
await recreateDatabases(url, [BENCH_DB, PGBENCH_DB], true);
const results: unknown[] = [];
let failure: string | null = null;
try {
  const { result, refusals } = await runGateway(databaseUrl(url, BENCH_DB));
  results.push(result);
  if (refusals.length)
    failure = `${refusals.length} of ${result.settlements} settlements were refused (infcode ≠ 0); first: ${refusals[0]}`;
  else if (result.settledRows !== result.settlements)
    failure = `${result.settledRows} settlements stored for ${result.settlements} answered`;
  else if (!result.postingsBalance) failure = 'postings do not sum to zero';
  // A failed gateway run has no figure to compare; skip the baseline.
  const tps = failure ? null : runPgbench(databaseUrl(url, PGBENCH_DB), CONCURRENCY, PGBENCH_SECONDS);
  if (tps !== null)
    results.push({
      database: 'postgres',
      baseline: 'pgbench TPC-B-like (built-in), scale 8',
      clients: CONCURRENCY,
      seconds: PGBENCH_SECONDS,
      tps,
      gatewayToPgbenchRatio: Number((result.settlementsPerSecond / tps).toFixed(3)),
    });
} finally {
  await recreateDatabases(url, [BENCH_DB, PGBENCH_DB], false);
}
console.log(JSON.stringify({ bench: 'gateway', node: process.version, results }, null, 2));
if (failure) {
  console.error(`\nFAILED: ${failure}`);
  process.exitCode = 1;
}
