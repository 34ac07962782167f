#!/usr/bin/env node
/**
 * `npm start`'s build step: compiles (incrementally, tsconfig.build.json) only when a source file,
 * folder or build setting changed since the last build, so a start without changes skips the
 * type checker's few seconds.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stamp = path.join(root, 'dist', '.build-stamp'); // written after each successful build
const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function newestIn(dir) {
  let newest = statSync(dir).mtimeMs; // a file added or removed changes its folder
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

const built = builtAt();
const changed =
  built < 0 ||
  ['apps', 'libs'].some((dir) => newestIn(path.join(root, dir)) > built) ||
  inputs.some((file) => {
    try {
      return statSync(path.join(root, file)).mtimeMs > built;
    } catch {
      return false;
    }
  });

if (changed) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
