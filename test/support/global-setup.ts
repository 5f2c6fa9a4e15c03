import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../../src/services/seed/seed-service.js';
import { seedSettlementData } from '../../src/services/seed/seed-settlement.js';
import { openPglite, openPostgres } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { adminUrl, TEMPLATE_DB, templateDumpPath } from './db-names.js';

/**
 * Builds one migrated, demo-seeded database per test run: a PostgreSQL template database when
 * DATABASE_URL is set, else a PGlite dump. Each test file then starts from a copy of it.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = openPostgres(adminUrl(url), 1);
    await admin.db.executeQuery({
      sql: `drop database if exists ${TEMPLATE_DB} with (force)`,
      parameters: [],
      query: { kind: 'RawNode' },
    } as never);
    await admin.db.executeQuery({
      sql: `create database ${TEMPLATE_DB}`,
      parameters: [],
      query: { kind: 'RawNode' },
    } as never);
    await admin.close();
    const template = openPostgres(withDatabase(url, TEMPLATE_DB), 2);
    await migrate(template.db);
    await seedDemo(template.db);
    await seedSettlementData(template.db);
    await template.close();
    project.provide('dbKind', 'postgres');
    return;
  }
  const file = templateDumpPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = await openPglite(null);
  await migrate(database.db);
  await seedDemo(database.db);
  await seedSettlementData(database.db);
  const dump = await database.pglite!.dumpDataDir('gzip');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('dbKind', 'pglite');
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbKind: 'pglite' | 'postgres';
  }
}
