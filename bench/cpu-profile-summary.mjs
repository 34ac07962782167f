#!/usr/bin/env node
/**
 * Summarises a `.cpuprofile` (node --cpu-prof) by self time: per package and per function.
 *   node --cpu-prof --cpu-prof-dir=prof dist/apps/api/src/main.js   # load it, then stop it with Ctrl-C
 *   node bench/cpu-profile-summary.mjs prof/*.cpuprofile
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/cpu-profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const timeOf = new Map();
profile.samples.forEach((node, i) => timeOf.set(node, (timeOf.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byFunction = new Map();
const byPackage = new Map();
let total = 0;
for (const node of profile.nodes) {
  const ms = (timeOf.get(node.id) ?? 0) / 1000;
  total += ms;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = (url || '(native)').replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/dist\//, 'dist/');
  const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  const pkg = url.includes('node_modules/')
    ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
    : url.startsWith('node:')
      ? `node:${url.slice(5).split('/')[0]}`
      : url.includes('/dist/')
        ? `service: ${url.replace(/^.*\/dist\/(apps|libs)\/([^/]+).*$/, '$2')}`
        : functionName.startsWith('(')
          ? functionName
          : 'native';
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
}
const show = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`).join('\n');
console.log(`${total.toFixed(0)} ms sampled\n\nby package:\n${show(byPackage)}\n\nby function (self time):\n${show(byFunction)}`);
