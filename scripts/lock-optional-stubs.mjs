#!/usr/bin/env node
/**
 * Records the other platforms' optional native packages (rollup's, unrs-resolver's, ...) in
 * package-lock.json. The registry mirror here answers 404 for them, so `npm install` leaves them
 * out of the lock, and `npm ci` then refuses the lock as out of sync. Each stub carries the os,
 * cpu and libc read from the package name, so npm skips it on this platform without fetching it.
 * Idempotent; run by .ci/run before `npm ci`, and after any `npm install` that changed the lock.
 * Plain Node (no dependencies): it must run before `npm ci`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  'aix',
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
];
const CPU = ['arm', 'arm64', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'x64', 'wasm32'];
const LIBC = { gnu: 'glibc', gnueabihf: 'glibc', musl: 'musl', musleabihf: 'musl' };
const EXACT = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu =
    parts.find((part) => CPU.includes(part)) ??
    (parts.some((p) => p.endsWith('eabihf') || p === 'eabi') ? 'arm' : undefined);
  const libc = parts.map((part) => LIBC[part]).find(Boolean);
  if (os === undefined || cpu === undefined) return null;
  return { os: [os], cpu: [cpu], ...(libc && os === 'linux' ? { libc: [libc] } : {}) };
}

/** Where Node would find `name` from the package at `from` (its own node_modules, then upwards). */
function resolves(packages, from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (dir === '') return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const added = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(packages, path, name)) continue;
    const platform = platformOf(name);
    if (platform === null || !EXACT.test(spec)) {
      console.warn(`lock-optional-stubs: left ${name}@${spec} (of ${path || 'root'}) alone`);
      continue;
    }
    const key = packages[`node_modules/${name}`] ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    packages[key] = { version: spec, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added.push(`${name}@${spec}`);
  }
}
if (added.length > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`lock-optional-stubs: ${added.length} platform package(s) recorded in ${file}`);
