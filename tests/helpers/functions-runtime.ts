import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@/scripts/stack/processes';
import { startFunctions } from '@/scripts/stack/services';
import { config, keys } from './stack';

/**
 * A second Deno functions runtime beside the test stack's, with settings of its own (e.g.
 * AI_PROVIDER=openai), on the port after the stack's. Callers reach it directly, not through the
 * gateway, so they set X-Forwarded-For themselves.
 */
export async function startFunctionsRuntime(extraEnv: Record<string, string>) {
  const port = config.ports.functions + 1;
  const logs = mkdtempSync(path.join(tmpdir(), 'functions-'));
  const pid = startFunctions(
    { ...config, ports: { ...config.ports, functions: port }, paths: { ...config.paths, logs } },
    keys,
    { watch: false, extraEnv },
  );
  const url = `http://${config.host}:${port}`;
  await waitFor('second functions runtime', async () => (await fetch(`${url}/_health`)).ok, 60_000);
  return {
    url,
    logs,
    stop: () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already stopped
      }
    },
  };
}
