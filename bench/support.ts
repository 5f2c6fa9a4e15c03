/** What the benchmarks share: arguments, percentiles, /proc CPU, databases, pgbench, the fee lines. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Services } from '../src/app/services.js';
import { openPostgres } from '../src/store/database.js';

/** `--name value` from the command line as a number, or the fallback. */
export const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** The date both settlement benches settle at, so they run the same engine work. */
export const BENCH_DATE = '2026-06-15';

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** CPU time (ms) a process has used, from /proc; null where there is no such process or /proc. */
export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** The same server, another database. */
export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops the databases, and creates them again empty when `create`. */
export async function recreateDatabases(url: string, names: readonly string[], create: boolean) {
  const admin = openPostgres(url, 1);
  try {
    for (const name of names) {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      if (create) await sql.raw(`create database ${name}`).execute(admin.db);
    }
  } finally {
    await admin.close();
  }
}

function pgbenchBinary(): string | null {
  try {
    const dirs = fs.readdirSync('/usr/lib/postgresql').sort();
    for (const d of dirs.reverse())
      if (fs.existsSync(`/usr/lib/postgresql/${d}/bin/pgbench`))
        return `/usr/lib/postgresql/${d}/bin/pgbench`;
  } catch {}
  return null;
}

/** pgbench's built-in TPC-B-like run (scale 8) on `url`: transactions per second, or null without pgbench. */
export function runPgbench(url: string, clients: number, seconds: number): number | null {
  const bin = pgbenchBinary();
  if (!bin) return null;
  execFileSync(bin, ['-i', '-q', '-s', '8', url], { stdio: 'ignore' });
  const out = execFileSync(bin, ['-c', String(clients), '-j', '2', '-T', String(seconds), url], {
    encoding: 'utf8',
  });
  return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 'NaN');
}

/** The benches' ten fee lines: 7 甲类 and 3 乙类 drugs of 淄博 at their payment standard. */
export async function benchFeeLines(services: Services) {
  const drugs = async (itemClass: 'A' | 'B', pageSize: number) =>
    (
      await services.catalogue.list({
        regionCode: '370300',
        date: BENCH_DATE,
        itemClass,
        kind: 'drug',
        pageSize,
      })
    ).items;
  const items = [...(await drugs('A', 10)).slice(0, 7), ...(await drugs('B', 5)).slice(0, 3)];
  return items.map((i, n) => ({ code: i.code, quantity: 1 + (n % 3), unitPrice: i.paymentStandard }));
}
