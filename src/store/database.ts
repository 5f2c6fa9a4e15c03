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

/** Opens PGlite in a data folder (created when missing) or in memory when dataDir is null. */
export async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { [INT8]: parseInt8, [DATE]: keepText, [NUMERIC]: keepText },
    serializers: { [pgliteTypes.INT8]: (v: unknown) => String(v) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
    },
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

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(path.join(opts.dataDir, 'pglite'));
}
