import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config/config.js';
import { startServer } from '../../src/server.js';
import { openPostgres } from '../../src/store/database.js';
import { adminUrl, E2E_DB } from '../support/db-names.js';

/**
 * Builds the web app and starts the real server (with demo data) on a free port: on a fresh
 * PostgreSQL database when DATABASE_URL is set, else on PGlite in a temporary data folder.
 */
export default async function setup(project: TestProject) {
  const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('web build failed');
  let databaseUrl: string | undefined;
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = openPostgres(adminUrl(url), 1);
    await sql.raw(`drop database if exists ${E2E_DB} with (force)`).execute(admin.db);
    await sql.raw(`create database ${E2E_DB}`).execute(admin.db);
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${E2E_DB}`;
    databaseUrl = u.toString();
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-e2e-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    YIBAO_DATA_DIR: dataDir,
    YIBAO_LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const server = await startServer(config);
  const address = server.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  project.provide('baseUrl', `http://127.0.0.1:${address.port}`);
  return async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
