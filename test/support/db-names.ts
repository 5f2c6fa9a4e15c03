import path from 'node:path';

/** YIBAO_TEST_TAG keeps runs from several checkouts sharing one server (or one .tmp) apart. */
const TAG = (process.env.YIBAO_TEST_TAG ?? '').replace(/[^a-z0-9_]/g, '');

export const TEMPLATE_DB = TAG ? `yibao_test_template_${TAG}` : 'yibao_test_template';

/** The browser tests' database. */
export const E2E_DB = TAG ? `yibao_e2e_${TAG}` : 'yibao_e2e';

export function templateDumpPath(): string {
  return path.resolve(import.meta.dirname, `../../.tmp/test-template${TAG ? `-${TAG}` : ''}.tar.gz`);
}

/** The same server, maintenance database. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}
