import pino from 'pino';
import { buildApp } from './api/rest/app.js';
import { createServices } from './app/services.js';
import { type Config, loadConfig } from './config/config.js';
import { sealStoredSecrets } from './services/secrets/seal-stored.js';
import { loadSecretKey, SecretBox } from './services/secrets/secret-box.js';
import { seedDemo, seedRegions } from './services/seed/seed-service.js';
import { seedSettlementData } from './services/seed/seed-settlement.js';
import { openDatabase } from './store/database.js';
import { migrate } from './store/migrate.js';

/**
 * Starts the product: opens the database (PGlite in the data folder, or PostgreSQL when
 * DATABASE_URL is set), migrates, seeds the demo data once, and serves API, docs and web app.
 */
export async function startServer(config: Config = loadConfig()) {
  const log = pino({ level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] });
  log.info({ database: config.databaseUrl ? 'postgres' : `pglite:${config.dataDir}` }, 'opening database');
  const database = await openDatabase(config);
  const applied = await migrate(database.db);
  if (applied.length) log.info({ applied }, 'migrated');
  await seedRegions(database.db);
  if (config.seedDemo) {
    const seeded = await seedDemo(database.db);
    if (seeded) log.info(seeded, 'demo data loaded');
    const settlement = await seedSettlementData(database.db);
    if (settlement.policies || settlement.accounts) log.info(settlement, 'policies and accounts loaded');
  }
  const secrets = SecretBox.fromKey(loadSecretKey(config));
  const sealed = await sealStoredSecrets(database.db, secrets);
  if (sealed) log.info({ sealed }, 'stored secrets sealed');
  const services = createServices(database.db, config, secrets, database.kind);
  const app = await buildApp({ services, webDistDir: config.webDistDir, logger: log });
  await app.listen({ port: config.port, host: config.host });
  // Payment sweep: expires unconfirmed mobile-payment orders and writes debt reminders. Each
  // step is idempotent, so several server processes may sweep at once.
  let sweeping = false;
  const sweep =
    config.paymentSweepSeconds > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          services.payments
            .sweep()
            .then(
              (r) => {
                if (r.expired || r.reminders || r.overdueNotices) log.info(r, 'payment sweep');
              },
              (e: unknown) => log.error({ err: e }, 'payment sweep failed'),
            )
            .finally(() => {
              sweeping = false;
            });
        }, config.paymentSweepSeconds * 1000)
      : null;
  sweep?.unref();
  const close = async () => {
    if (sweep) clearInterval(sweep);
    await app.close();
    await database.close();
  };
  return { app, database, close };
}
