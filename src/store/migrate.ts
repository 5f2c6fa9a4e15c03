import { sql } from 'kysely';
import type { Db } from './database.js';
import * as m001 from './migrations/001-registry.js';
import * as m002 from './migrations/002-settlement.js';
import * as m003 from './migrations/003-gateway.js';
import * as m004 from './migrations/004-settle-path.js';
import * as m005 from './migrations/005-filings.js';
import * as m006 from './migrations/006-reconciliation.js';
import * as m007 from './migrations/007-evoucher.js';
import * as m008 from './migrations/008-payments.js';
import * as m009 from './migrations/009-terminal-admin.js';
import * as m010 from './migrations/010-settle-lookups.js';
import * as m011 from './migrations/011-settle-plans.js';

/** Migrations in order; each is a list of single statements (PGlite's extended protocol runs one at a time). */
export const MIGRATIONS: readonly { readonly id: string; readonly statements: readonly string[] }[] = [
  { id: '001-registry', statements: m001.statements },
  { id: '002-settlement', statements: m002.statements },
  { id: '003-gateway', statements: m003.statements },
  { id: '004-settle-path', statements: m004.statements },
  { id: '005-filings', statements: m005.statements },
  { id: '006-reconciliation', statements: m006.statements },
  { id: '007-evoucher', statements: m007.statements },
  { id: '008-payments', statements: m008.statements },
  { id: '009-terminal-admin', statements: m009.statements },
  { id: '010-settle-lookups', statements: m010.statements },
  { id: '011-settle-plans', statements: m011.statements },
];

/**
 * Applies the migrations not yet applied, each in its own transaction, under an advisory lock so
 * that two processes starting together do not both migrate. Returns the ids applied.
 */
export async function migrate(db: Db): Promise<string[]> {
  await sql`create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())`.execute(
    db,
  );
  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(424242)`.execute(tx);
      const row = await tx
        .selectFrom('schema_migrations')
        .select('id')
        .where('id', '=', migration.id)
        .executeTakeFirst();
      if (row) return false;
      for (const statement of migration.statements) await sql.raw(statement).execute(tx);
      await tx.insertInto('schema_migrations').values({ id: migration.id }).execute();
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
