import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { type Database, openPglite, openPostgres } from '../../src/store/database.js';
import { adminUrl, TEMPLATE_DB, templateDumpPath } from './db-names.js';

/**
 * A fresh database for one test file, holding the migrated schema and the demo data: a copy of
 * the run's template database on PostgreSQL (DATABASE_URL), else a PGlite loaded from its dump.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `yibao_test_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(adminUrl(url), 1);
    await sql.raw(`create database ${name} template ${TEMPLATE_DB}`).execute(admin.db);
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = openPostgres(u.toString(), 10);
    return {
      ...database,
      async close() {
        await database.close();
        const again = openPostgres(adminUrl(url), 1);
        await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db);
        await again.close();
      },
    };
  }
  const dump = fs.readFileSync(templateDumpPath());
  return openPglite(null, new Blob([dump]));
}
