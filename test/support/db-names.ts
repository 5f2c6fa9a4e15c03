import path from 'node:path';

export const TEMPLATE_DB = 'yibao_test_template';

export function templateDumpPath(): string {
  return path.resolve(import.meta.dirname, '../../.tmp/test-template.tar.gz');
}

/** The same server, maintenance database. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}
