import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkImagePolicy, lintDockerfile } from './dockerfile-policy.checker';

const dockerfile = readFileSync(join(__dirname, '..', 'app.Dockerfile'), 'utf8');

it('app.Dockerfile passes dockerfile-utils without a diagnostic', () => {
  expect(lintDockerfile(dockerfile)).toEqual([]);
});

it('app.Dockerfile builds in stages and runs as a numeric non-root user with no dev tools', () => {
  expect(checkImagePolicy(dockerfile)).toEqual([]);
});

it('the Chromium variant installs only Debian\'s chromium and leaves no package manager for node behind', () => {
  const stages = dockerfile.split(/^FROM /m);
  const chromium = stages.find((stage) => stage.includes('AS runtime-chromium')) ?? '';
  expect(chromium).toMatch(/apt-get install -y --no-install-recommends chromium \\\n/);
  for (const removed of ['/var/lib/apt/lists/*', '/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack', '/usr/local/bin/yarn']) expect(chromium).toContain(removed);
  expect(stages[stages.length - 1]).toMatch(/^runtime-\$\{RUNTIME\}\n/);
});

describe('the checks refuse (so the passes above mean something)', () => {
  it('an unknown instruction and a missing argument', () => {
    expect(lintDockerfile('FROM node:20\nRUNN npm ci\nUSER\n')).toEqual(['line 2: Unknown instruction: RUNN', 'line 3: Instruction has no arguments']);
  });

  it('a single stage running as root with npm in it', () => {
    expect(checkImagePolicy('FROM node:20\nRUN npm ci\nUSER root\nCMD ["node", "main.js"]\n')).toEqual([
      'the image must be built in stages: a build stage and a runtime stage',
      'line 2: the runtime stage runs commands (npm ci); build in an earlier stage',
      'line 2: a development tool in the runtime stage (npm ci)',
      'line 3: USER root is not numeric; Kubernetes cannot verify runAsNonRoot for a name',
    ]);
  });

  it('a runtime stage without a USER, or with uid 0', () => {
    const base = 'FROM node:20 AS build\nRUN true\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /out /app\n';
    expect(checkImagePolicy(`${base}CMD ["main.js"]\n`)).toEqual(['the runtime stage sets no USER: it would run as root']);
    expect(checkImagePolicy(`${base}USER 0:0\nCMD ["main.js"]\n`)).toEqual(['line 5: USER 0:0 is root']);
  });
});
