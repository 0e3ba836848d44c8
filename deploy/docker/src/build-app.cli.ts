// The image build's compile step (deploy/docker/app.Dockerfile): node tools/run.js deploy/docker/src/build-app.cli.ts <app> <out-dir>
import { resolve } from 'node:path';
import { APPS, buildAppClosure, isAppName } from './app-closure.builder';

const [app, outDir] = process.argv.slice(2);
if (app === undefined || outDir === undefined || !isAppName(app)) {
  process.stderr.write(`usage: build-app.cli.ts <${APPS.join('|')}> <out-dir>\n`);
  process.exit(2);
}
const { files } = buildAppClosure(app, resolve(outDir));
process.stdout.write(`${app}: ${files.length} source files compiled into ${outDir}\n`);
