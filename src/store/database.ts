import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;
/** Repositories take either the database or a transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** The PGlite instance, for dumps and clones in tests; null on PostgreSQL. */
  readonly pglite: PGlite | null;
  close(): Promise<void>;
}

// Type OIDs: int8 as number (counts, money in fen stay far below 2^53), date as ISO text, numeric as text.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const parseInt8 = (v: string) => Number(v);
const keepText = (v: string) => v;

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

/**
 * PGlite does not lock its data folder, and two processes writing one folder would corrupt it. A
 * lock file beside the folder holds the owner's pid; a lock whose process is gone is taken over
 * (the database itself recovers from its WAL, as after any crash).
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {}
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      let alive = false;
      try {
        process.kill(owner, 0);
        alive = true;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (alive)
        throw new DataDirLockedError(
          `${dataDir} is in use by process ${owner}; stop it first (the embedded database allows one process)`,
        );
      fs.unlinkSync(lockFile);
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}

/** Opens PGlite in a data folder (created when missing) or in memory when dataDir is null. */
export async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
      parsers: { [INT8]: parseInt8, [DATE]: keepText, [NUMERIC]: keepText },
      serializers: { [pgliteTypes.INT8]: (v: unknown) => String(v) },
    });
  } catch (e) {
    unlock();
    throw e;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}

/**
 * node-postgres answers a simple query of several statements (no parameters) with one result
 * per statement, which Kysely reads as none. This makes such a query answer the rows of its last
 * statement that returns rows, so that `begin; select …` and `select …; commit` each cost one
 * round trip and read like one statement (the settlement groups, SettlementService).
 */
function answerRowsOfLastSelect(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const pick = (r: unknown) => {
    if (!Array.isArray(r)) return r;
    const results = r as pg.QueryResult[];
    return results.filter((x) => x.fields?.length).at(-1) ?? results.at(-1);
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const r = query(...args);
    return r instanceof Promise ? r.then(pick) : r;
  };
}

/** Connects to a PostgreSQL server. */
export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE || oid === NUMERIC) return keepText;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('connect', answerRowsOfLastSelect);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    pglite: null,
    async close() {
      await db.destroy();
    },
  };
}

export async function openDatabase(opts: {
  databaseUrl: string | null;
  dataDir: string;
  dbPoolSize?: number;
}): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.dbPoolSize);
  return openPglite(path.join(opts.dataDir, 'pglite'));
}
