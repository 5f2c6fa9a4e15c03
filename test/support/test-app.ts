import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/rest/app.js';
import { createServices, type Services } from '../../src/app/services.js';
import { SecretBox } from '../../src/services/secrets/secret-box.js';
import type { Database } from '../../src/store/database.js';
import { createTestDatabase } from './test-db.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly services: Services;
  /** the key the services seal stored secrets with */
  readonly secrets: SecretBox;
  /** Signs in and returns the cookie header value for later requests. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

const DEMO_PASSWORDS: Record<string, string> = {
  admin: 'admin123',
  clerk: 'clerk123',
  reviewer: 'reviewer123',
  hzclerk: 'hzclerk123',
  hospital: 'hospital123',
  employer: 'employer123',
  insured: 'insured123',
};

/** The app on a fresh copy of the demo database, driven through inject. */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const secrets = SecretBox.ephemeral();
  const services = createServices(database.db, { sessionTtlSeconds: 3600 }, secrets, database.kind);
  const app = await buildApp({ services, webDistDir: null });
  const cookies = new Map<string, string>();
  return {
    app,
    database,
    services,
    secrets,
    async login(username, password = DEMO_PASSWORDS[username] ?? '') {
      const cached = cookies.get(username);
      if (cached) return cached;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      cookies.set(username, cookie);
      return cookie;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
