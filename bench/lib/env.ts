import path from 'node:path';
import { loadConfig, projectRoot, type StackConfig } from '../../scripts/stack/config';

/**
 * The benchmark runs on a stack of its own (state in .stack-bench/, ports 24421…), so a developer's
 * dev stack (5432x) and the test stack (2532x) are never loaded with a million rows. Every value
 * can be overridden: BENCH_PORT_BASE moves all ports, STACK_* set one at a time.
 */
export function benchStackEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const base = Number(env.BENCH_PORT_BASE ?? 24420);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) throw new Error('BENCH_PORT_BASE must be a port number');
  return {
    STACK_DIR: env.STACK_DIR ?? path.join(projectRoot, '.stack-bench'),
    STACK_API_PORT: env.STACK_API_PORT ?? String(base + 1),
    STACK_DB_PORT: env.STACK_DB_PORT ?? String(base + 2),
    STACK_REST_PORT: env.STACK_REST_PORT ?? String(base + 5),
    STACK_REST_ADMIN_PORT: env.STACK_REST_ADMIN_PORT ?? String(base + 6),
    STACK_FUNCTIONS_PORT: env.STACK_FUNCTIONS_PORT ?? String(base + 7),
  };
}

/** Extra ports the harness opens beside a stack: a second PostgREST (tenant count) and the app. */
export interface BenchPorts {
  /** PostgREST serving the 20-organization database, and its admin port. */
  tenantsRest: number;
  tenantsRestAdmin: number;
  /** `next dev` for the dashboard scenario. */
  app: number;
  /** A functions runtime relaying the fake OpenAI-compatible provider, and a gateway in front of it. */
  streamFunctions: number;
  streamGateway: number;
  /** Base of the throwaway stack timed by the stack-start scenario (+1 … +7 as a stack uses them). */
  startBase: number;
}

export function benchPorts(config: StackConfig, env: NodeJS.ProcessEnv = process.env): BenchPorts {
  // the stack's base is its API port - 1; +0, +3, +4, +8 and +9 are free in a stack's block of ten
  const base = config.ports.api - 1;
  return {
    tenantsRest: Number(env.BENCH_TENANTS_REST_PORT ?? base + 3),
    tenantsRestAdmin: Number(env.BENCH_TENANTS_REST_ADMIN_PORT ?? base + 4),
    app: Number(env.BENCH_APP_PORT ?? base + 9),
    streamFunctions: Number(env.BENCH_STREAM_FUNCTIONS_PORT ?? base + 8),
    streamGateway: Number(env.BENCH_STREAM_GATEWAY_PORT ?? base),
    startBase: Number(env.BENCH_START_PORT_BASE ?? base + 10),
  };
}

export function benchConfig(env: NodeJS.ProcessEnv = process.env): { env: Record<string, string>; config: StackConfig } {
  const stackEnv = benchStackEnv(env);
  return { env: stackEnv, config: loadConfig({ ...env, ...stackEnv }) };
}
