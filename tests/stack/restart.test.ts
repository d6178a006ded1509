import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/scripts/stack/config';
import { pgtapFailures, runPgtapFile } from '../helpers/pgtap';
import { config } from '../helpers/stack';

/**
 * A second stack beside the test stack (its own state dir, ports 10 above the test stack's), so
 * stopping and starting it disturbs no other test. The pgTAP files that check the migrations'
 * column grants and revokes must pass after a restart too, not only on a fresh database.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'concierge-restart-'));
// the postgres OS user (when tests run as root) must reach the data folder inside
chmodSync(dir, 0o755);
const env = {
  ...process.env,
  STACK_DIR: dir,
  STACK_API_PORT: String(config.ports.api + 10),
  STACK_DB_PORT: String(config.ports.db + 10),
  STACK_REST_PORT: String(config.ports.rest + 10),
  STACK_REST_ADMIN_PORT: String(config.ports.restAdmin + 10),
  STACK_FUNCTIONS_PORT: String(config.ports.functions + 10),
  STACK_REALTIME_PORT: String(config.ports.realtime + 10),
  STACK_MAIL_SMTP_PORT: String(config.ports.mailSmtp + 10),
  STACK_MAIL_WEB_PORT: String(config.ports.mailWeb + 10),
  STACK_FAST_UNSAFE: '1',
};
const restarted = loadConfig(env);
const stack = (command: string) =>
  spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/stack/cli.ts', command], { cwd: root, env, encoding: 'utf8' });

const GRANT_FILES = ['00-helpers.test.sql', '03-organizations.test.sql', '10-tickets.test.sql', '30-api-keys.test.sql', '50-privileges.test.sql'];

afterAll(() => {
  stack('down');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run stack -- up, down, up', () => {
  it('a restarted stack keeps the migrations’ grants: the privilege pgTAP files pass against it', async () => {
    const outputs: string[] = [];
    for (const command of ['up', 'down', 'up']) {
      const result = stack(command);
      outputs.push(result.stdout);
      expect(result.status, `stack ${command}:\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
    expect(outputs[2]).toContain('Applying pending migrations');
    const failures: string[] = [];
    for (const file of GRANT_FILES) failures.push(...pgtapFailures(await runPgtapFile(restarted.db.url, file)));
    expect(failures).toEqual([]);
  }, 300_000);
});
