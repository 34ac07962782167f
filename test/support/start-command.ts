import { readFileSync } from 'node:fs';

/** The node options of a command line that runs dist/apps/api/src/main.js (before the entry point). */
export function nodeOptions(command: string): string[] {
  const found = /\bnode ((?:--\S+ )*)dist\/apps\/api\/src\/main\.js/.exec(command);
  if (!found) throw new Error(`does not start dist/apps/api/src/main.js: ${command}`);
  return found[1]!.split(' ').filter(Boolean);
}

/** package.json's start script (read from the working directory, the checkout, as the npm scripts run). */
export function startScript(): string {
  return (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
}

/** The node options `npm start` runs the service with: a service started by a test or a benchmark runs as it is run. */
export const START_OPTIONS = nodeOptions(startScript());
