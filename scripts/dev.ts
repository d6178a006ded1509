import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildWidget, kb, watchWidget } from './build-widget';
import { startChannelCron, startEmailCron, startSummaryCron, startWebhookCron } from './dev-cron';
import { appEnv } from './stack/app-env';
import { loadConfig, projectRoot } from './stack/config';
import { readKeys } from './stack/keys';

/**
 * `npm run dev`: the local stack (started if it is not running, with function hot reload) plus
 * `next dev` wired to it. Ctrl-C stops Next.js, and the stack too if this command started it.
 */
const tsx = path.join(projectRoot, 'node_modules/.bin/tsx');
const stack = (...args: string[]) => spawnSync(tsx, ['scripts/stack/cli.ts', ...args], { cwd: projectRoot, stdio: 'inherit' });

const config = loadConfig();
const wasRunning = spawnSync(tsx, ['scripts/stack/cli.ts', 'status', '--json'], { cwd: projectRoot, encoding: 'utf8' });
const alreadyUp = wasRunning.status === 0 && JSON.parse(wasRunning.stdout).running === true;
if (stack('up', '--watch').status !== 0) process.exit(1);
// GET /widget.js only reads the bundle: built once before Next.js starts, then on every change
// in widget/src, so a reload shows the edited widget.
try {
  await buildWidget();
} catch (error) {
  console.error('The widget does not build:', error instanceof Error ? error.message : error);
  if (!alreadyUp) stack('down');
  process.exit(1);
}
const stopWidgetWatch = await watchWidget((outcome) => {
  if (outcome instanceof Error) console.error(`widget build failed (the last good bundle is served):\n${outcome.message}`);
  else console.log(`widget rebuilt: ${kb(outcome.gzipBytes)} gzipped`);
});
const keys = await readKeys(config);

// The dev server signs anyone in by email: it listens on the loopback interface unless asked
// otherwise (`npm run dev -- --hostname 0.0.0.0`).
const args = process.argv.slice(2);
const hostArgs = args.some((a) => a === '-H' || a.startsWith('--hostname')) ? [] : ['--hostname', '127.0.0.1'];
const next = spawn(path.join(projectRoot, 'node_modules/.bin/next'), ['dev', ...hostArgs, ...args], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: {
    NEXT_TELEMETRY_DISABLED: '1',
    ...process.env,
    ...appEnv(config, keys),
  },
});

const stopCron = startSummaryCron(config, keys);
const stopEmailCron = startEmailCron(config, keys);
const stopChannelCron = startChannelCron(config, keys);
const stopWebhookCron = startWebhookCron(config, keys);
console.log(`Mail sent by the app lands in MailDev: ${config.mailUrl}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  stopCron();
  stopEmailCron();
  stopChannelCron();
  stopWebhookCron();
  void stopWidgetWatch();
  next.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
next.on('close', (code) => {
  if (!alreadyUp) stack('down');
  else console.log('The stack was already running before `npm run dev` and keeps running (npm run stack -- down).');
  process.exit(code ?? 0);
});
