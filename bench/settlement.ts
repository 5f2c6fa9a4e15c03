/**
 * Settlement throughput through the service (locked load → engine → write, concurrent settlements
 * sharing a transaction) on PGlite and, when DATABASE_URL is set, on PostgreSQL — with pgbench's
 * built-in TPC-B-like run on the same server in the same run as the baseline.
 *
 *   npx tsx bench/settlement.ts                     # PGlite only
 *   DATABASE_URL=postgres://… npx tsx bench/settlement.ts
 *   options: --visits 4000 --pglite-visits 600 --warmup 200 --concurrency 8 --pgbench-seconds 15
 *
 * The visits go round-robin over the region's enrolled persons (about 1,200 in the demo data), so
 * neighbouring settlements are of different persons and a person's later visits meet the
 * accumulators of the earlier ones. The first `--warmup` settlements (connections, plan caches,
 * the JIT) are not timed; the timed run is several seconds, closer to pgbench's.
 */
import { sql } from 'kysely';
import { createServices } from '../src/app/services.js';
import { SYSTEM_ACTOR } from '../src/services/actor.js';
import { seedDemo } from '../src/services/seed/seed-service.js';
import { seedSettlementData } from '../src/services/seed/seed-settlement.js';
import { type Database, openPglite, openPostgres } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
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

const VISITS = arg('visits', 4000);
const PGLITE_VISITS = arg('pglite-visits', 600);
const WARMUP = arg('warmup', 200);
const CONCURRENCY = arg('concurrency', 8);
const PGBENCH_SECONDS = arg('pgbench-seconds', 15);
const DATE = BENCH_DATE;

/**
 * CPU time (ms) the server processes serving this database have used, when the server runs on
 * this machine (read from /proc); null otherwise.
 */
async function serverCpuMs(database: Database): Promise<number | null> {
  if (database.kind !== 'postgres') return null;
  const { rows } = await sql<{
    pid: number;
  }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
  let total = 0;
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

async function prepare(database: Database, visits: number, concurrency: number) {
  await migrate(database.db);
  await seedDemo(database.db);
  await seedSettlementData(database.db);
  const services = createServices(database.db, { sessionTtlSeconds: 3600 }, undefined, database.kind);
  const hospital = await database.db
    .selectFrom('institutions')
    .select(['id'])
    .where('code', 'like', 'H3703%')
    .where('kind', '=', 'hospital')
    .where('level', '=', 3)
    .where('agreement_status', '=', 'active')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const persons = await database.db
    .selectFrom('enrolments')
    .select('person_id')
    .where('region_code', '=', '370300')
    .where('insurance_type', 'in', ['310', '390'])
    .where('status', '=', 'active')
    .where('start_date', '<=', DATE)
    .orderBy('person_id')
    .limit(visits)
    .execute();
  const lines = await benchFeeLines(services);
  const visitIds: number[] = new Array(visits);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < visits) {
        const n = next++;
        const v = await services.visits.register(SYSTEM_ACTOR, {
          personId: persons[n % persons.length]!.person_id,
          institutionId: hospital.id,
          medType: '11',
          beginDate: DATE,
        });
        await services.visits.addLines(SYSTEM_ACTOR, v.id, lines);
        visitIds[n] = v.id;
      }
    }),
  );
  return { services, visitIds };
}

async function run(kind: string, database: Database, concurrency: number, visits: number) {
  const t0 = performance.now();
  const { services, visitIds: all } = await prepare(database, visits, concurrency);
  const prepareSeconds = (performance.now() - t0) / 1000;
  const settleAll = async (ids: readonly number[], latencies: number[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          const s = performance.now();
          await services.settlements.settle(SYSTEM_ACTOR, id, { clientKey: `bench-${id}`, useAccount: true });
          latencies.push(performance.now() - s);
        }
      }),
    );
  };
  const warmup = Math.min(WARMUP, Math.floor(all.length / 10));
  await settleAll(all.slice(0, warmup), []);
  const visitIds = all.slice(warmup);
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const serverBefore = await serverCpuMs(database);
  const start = performance.now();
  await settleAll(visitIds, latencies);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const serverAfter = await serverCpuMs(database);
  latencies.sort((a, b) => a - b);
  const check = await sql<{
    n: number;
    zero: boolean;
  }>`select count(*)::int as n, coalesce(sum(amount), 0) = 0 as zero from postings`.execute(database.db);
  return {
    database: kind,
    settlements: visitIds.length,
    warmup,
    seconds: Number(seconds.toFixed(1)),
    concurrency,
    prepareSeconds: Number(prepareSeconds.toFixed(1)),
    settlementsPerSecond: Number((visitIds.length / seconds).toFixed(1)),
    p50ms: Number(percentile(latencies, 50).toFixed(2)),
    p99ms: Number(percentile(latencies, 99).toFixed(2)),
    postingsBalance: check.rows[0]?.zero === true,
    /** CPU this Node process used while settling, as a share of one core */
    nodeCpuShareOfOneCore: Number(((used.user + used.system) / 1e6 / seconds).toFixed(2)),
    nodeCpuMsPerSettlement: Number(((used.user + used.system) / 1e3 / visitIds.length).toFixed(2)),
    ...(serverBefore !== null && serverAfter !== null
      ? {
          /** CPU the PostgreSQL backends of this run used per settlement (local server only) */
          serverCpuMsPerSettlement: Number(((serverAfter - serverBefore) / visitIds.length).toFixed(2)),
        }
      : {}),
  };
}

const results: unknown[] = [];
{
  const database = await openPglite(null);
  results.push(await run('pglite', database, 1, PGLITE_VISITS));
  await database.close();
}
const url = process.env.DATABASE_URL;
if (url) {
  await recreateDatabases(url, ['yibao_bench', 'yibao_pgbench'], true);
  const database = openPostgres(databaseUrl(url, 'yibao_bench'), CONCURRENCY + 2);
  const service = (await run('postgres', database, CONCURRENCY, VISITS)) as { settlementsPerSecond: number };
  results.push(service);
  await database.close();
  const tps = runPgbench(databaseUrl(url, 'yibao_pgbench'), CONCURRENCY, PGBENCH_SECONDS);
  if (tps !== null)
    results.push({
      database: 'postgres',
      baseline: 'pgbench TPC-B-like (built-in), scale 8',
      clients: CONCURRENCY,
      seconds: PGBENCH_SECONDS,
      tps,
      settlementToPgbenchRatio: Number((service.settlementsPerSecond / tps).toFixed(3)),
    });
  await recreateDatabases(url, ['yibao_bench', 'yibao_pgbench'], false);
}
console.log(JSON.stringify({ bench: 'settlement', node: process.version, results }, null, 2));
