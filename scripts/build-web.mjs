#!/usr/bin/env node
// Builds the web app into web/dist when it is missing or older than its sources, so that
// `npm start` serves a current app without rebuilding on every start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(path.join(web, 'src')), fs.statSync(path.join(web, 'index.html')).mtimeMs, fs.statSync(path.join(web, 'vite.config.ts')).mtimeMs);
const force = process.argv.includes('--force');
if (!force && fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) {
  console.log('web app is up to date (web/dist)');
  process.exit(0);
}
console.log('building the web app …');
const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(web, 'vite.config.ts')], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
