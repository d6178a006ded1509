import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@/scripts/stack/processes';
import { startFunctions } from '@/scripts/stack/services';
import { startFakeOpenAI } from './fake-openai';
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
    /** Resolves once the process is gone, so the next file's runtime can take the port. */
    stop: async () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      await waitFor('second functions runtime to stop', async () => !isAlive(pid), 10_000);
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A second runtime with AI_PROVIDER=openai, pointed at a fresh fake OpenAI-compatible server. */
export async function startOpenAIRuntime(model: string, extraEnv: Record<string, string> = {}) {
  const fake = await startFakeOpenAI();
  const runtime = await startFunctionsRuntime({
    AI_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_API_KEY: 'sk-test-fake',
    OPENAI_MODEL: model,
    ...extraEnv,
  });
  return {
    fake,
    url: runtime.url,
    stop: async () => {
      await runtime.stop();
      await fake.close();
    },
  };
}
