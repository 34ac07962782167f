import { readFileSync } from 'node:fs';
import { nodeOptions, startScript } from './support/start-command.js';

describe('how the service is started', () => {
  it('npm start and the Docker image run main.js with the same node options (the benchmarks and the process tests use them too)', () => {
    const cmd = readFileSync('Dockerfile', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('CMD ["node"'));
    expect(cmd).toBeDefined();
    const docker = (JSON.parse(cmd!.slice('CMD '.length)) as string[]).join(' ');
    expect(nodeOptions(docker)).toEqual(nodeOptions(startScript()));
    expect(nodeOptions(startScript())).toContain('--max-semi-space-size=32');
  });
});
