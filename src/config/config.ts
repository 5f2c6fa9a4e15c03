import path from 'node:path';

/** Everything the product reads from the environment, read once and validated. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** postgres://… selects a PostgreSQL server; absent means the embedded PGlite database. */
  readonly databaseUrl: string | null;
  /** Connections the server keeps to PostgreSQL (YIBAO_DB_POOL); PGlite has one. */
  readonly dbPoolSize: number;
  readonly dataDir: string;
  /** YIBAO_SECRET_KEY: 32 bytes (base64) that seal stored secrets; absent → `<dataDir>/secret.key`. */
  readonly secretKey: string | null;
  readonly logLevel: string;
  /** Seed the demo data on first start when the database is empty. */
  readonly seedDemo: boolean;
  /** Session lifetime in seconds. */
  readonly sessionTtlSeconds: number;
  /** Serve the built web app from this folder when it exists. */
  readonly webDistDir: string;
  /** Minutes a mobile-payment order stays payable (YIBAO_PAYMENT_ORDER_TTL_MINUTES). */
  readonly paymentOrderTtlMinutes: number;
  /** Seconds between payment sweeps in the server (expiry, debt reminders); 0 turns them off. */
  readonly paymentSweepSeconds: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function intFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${key} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
}

function boolFrom(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dbPoolSize: intFrom(env, 'YIBAO_DB_POOL', 10, 1, 1000),
    dataDir: path.resolve(cwd, env.YIBAO_DATA_DIR?.trim() || 'data'),
    secretKey: env.YIBAO_SECRET_KEY?.trim() || null,
    logLevel: env.YIBAO_LOG_LEVEL?.trim() || 'info',
    seedDemo: boolFrom(env, 'YIBAO_SEED_DEMO', true),
    sessionTtlSeconds: intFrom(env, 'YIBAO_SESSION_TTL', 8 * 3600, 60, 30 * 24 * 3600),
    webDistDir: path.resolve(cwd, env.YIBAO_WEB_DIST?.trim() || 'web/dist'),
    paymentOrderTtlMinutes: intFrom(env, 'YIBAO_PAYMENT_ORDER_TTL_MINUTES', 30, 1, 24 * 60),
    paymentSweepSeconds: intFrom(env, 'YIBAO_PAYMENT_SWEEP_SECONDS', 60, 0, 24 * 3600),
  };
}
