import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

/** The node options before the entry point of a command line. */
function nodeOptions(command: string): string[] {
  const found = /\bnode ((?:--\S+ )*)dist\/apps\/api\/src\/main\.js/.exec(command);
  if (!found) throw new Error(`does not start dist/apps/api/src/main.js: ${command}`);
  return found[1]!.split(' ').filter(Boolean);
}

describe('how the service is started', () => {
  it('npm start and the Docker image run main.js with the same node options (the benchmarks use them too)', () => {
    const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const cmd = readFileSync(path.join(root, 'Dockerfile'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('CMD ["node"'));
    expect(cmd).toBeDefined();
    const docker = (JSON.parse(cmd!.slice('CMD '.length)) as string[]).join(' ');
    expect(nodeOptions(docker)).toEqual(nodeOptions(start));
    expect(nodeOptions(start)).toContain('--max-semi-space-size=32');
  });
});
