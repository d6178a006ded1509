import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../../scripts/stack/config';
import { stopProcess, waitFor } from '../../scripts/stack/processes';
import { probes, startFunctions, startGateway } from '../../scripts/stack/services';
import type { BenchContext } from './context';

/**
 * A functions runtime with settings of its own (AI provider, no typing delay) and a gateway in
 * front of it, beside the stack's own, so a scenario measures the same path a browser takes
 * (gateway → function → PostgREST → Postgres) without restarting the stack. The functions still
 * reach PostgREST through the stack's gateway, as they do in the stack.
 */
export async function withFunctionsRuntime<T>(ctx: BenchContext, extraEnv: Record<string, string>, run: (apiUrl: string) => Promise<T>): Promise<T> {
  const logs = path.join(ctx.config.dir, 'logs/bench-runtime');
  mkdirSync(logs, { recursive: true });
  const variant: StackConfig = {
    ...ctx.config,
    apiUrl: `http://${ctx.config.host}:${ctx.ports.streamGateway}`,
    ports: { ...ctx.config.ports, api: ctx.ports.streamGateway, functions: ctx.ports.streamFunctions },
    paths: { ...ctx.config.paths, logs },
  };
  const functionsPid = startFunctions({ ...variant, apiUrl: ctx.config.apiUrl }, ctx.keys, { watch: false, extraEnv });
  const gatewayPid = startGateway(variant, ctx.keys);
  try {
    await waitFor('bench functions runtime', () => probes.functions(variant), 60_000);
    await waitFor('bench gateway', () => probes.gateway(variant));
    return await run(variant.apiUrl);
  } finally {
    await stopProcess(gatewayPid);
    await stopProcess(functionsPid);
  }
}
