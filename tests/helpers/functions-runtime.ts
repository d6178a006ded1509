import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive, waitFor } from '@/scripts/stack/processes';
import { startFunctions } from '@/scripts/stack/services';
import { startFakeOpenAI } from '@/scripts/test/fake-openai';
import { config, keys } from './stack';

/**
 * A second Deno functions runtime beside the test stack's, with settings of its own (e.g.
 * AI_PROVIDER=openai), on the port after the stack's. Callers reach it directly, not through the
 * gateway, so they set X-Forwarded-For themselves.
 */
export async function startFunctionsRuntime(extraEnv: Record<string, string>) {
  const port = config.ports.functions + 1;
  const url = `http://${config.host}:${port}`;
  // The port lies in the kernel's ephemeral range, so under load an outgoing connection can hold
  // it for a moment; the runtime then exits at once (AddrInUse). Start it again rather than fail.
  for (let attempt = 1; ; attempt += 1) {
    const logs = mkdtempSync(path.join(tmpdir(), 'functions-'));
    const pid = startFunctions({ ...config, ports: { ...config.ports, functions: port }, paths: { ...config.paths, logs } }, keys, {
      watch: false,
      extraEnv,
    });
    if (await becomesReady(url, pid)) return runtimeHandle(url, logs, pid);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (attempt === 3) throw new Error(`second functions runtime did not start on ${url}: see ${logs}/functions.log`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** true once the runtime answers; false if its process exits first or after 60 s. */
async function becomesReady(url: string, pid: number): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && isAlive(pid)) {
    try {
      if ((await fetch(`${url}/_health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function runtimeHandle(url: string, logs: string, pid: number) {
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
