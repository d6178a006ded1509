import path from 'node:path';
import { loadConfig, projectRoot, type StackConfig } from '../stack/config';

/**
 * The reliability battery runs on a stack of its own (state in .stack-reliability/, ports
 * 24461…), because it kills and restarts that stack's processes: neither a developer's stack
 * (5432x), the test stack (2532x) nor the benchmark's (2442x) is ever touched.
 * RELIABILITY_PORT_BASE moves every port; STACK_* override one at a time.
 */
export function reliabilityStackEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const base = Number(env.RELIABILITY_PORT_BASE ?? 24460);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) throw new Error('RELIABILITY_PORT_BASE must be a port number');
  return {
    STACK_DIR: env.STACK_DIR ?? path.join(projectRoot, '.stack-reliability'),
    STACK_API_PORT: env.STACK_API_PORT ?? String(base + 1),
    STACK_DB_PORT: env.STACK_DB_PORT ?? String(base + 2),
    STACK_REST_PORT: env.STACK_REST_PORT ?? String(base + 5),
    STACK_REST_ADMIN_PORT: env.STACK_REST_ADMIN_PORT ?? String(base + 6),
    STACK_FUNCTIONS_PORT: env.STACK_FUNCTIONS_PORT ?? String(base + 7),
    STACK_MAIL_SMTP_PORT: env.STACK_MAIL_SMTP_PORT ?? String(base + 8),
    STACK_MAIL_WEB_PORT: env.STACK_MAIL_WEB_PORT ?? String(base + 9),
    STACK_REALTIME_PORT: env.STACK_REALTIME_PORT ?? String(base + 10),
    // every simulated visitor comes from this one machine: each gets an address of its own
    STACK_TRUST_FORWARDED: '1',
    // the durability a production database keeps: a crash must not lose an acknowledged commit
    STACK_FAST_UNSAFE: '0',
  };
}

/**
 * What the functions runtime runs with, here and after every restart (services.ts passes AI_* and
 * WIDGET_* through from this process's environment): the per-IP limits stay on (scenario 4
 * measures their memory) but far above what the simulated visitors send, and the local AI
 * provider keeps a short typing delay so a kill can land mid-stream.
 */
export const FUNCTIONS_ENV = {
  WIDGET_LIMIT_IP: '100000/60',
  WIDGET_LIMIT_SESSION: '100000/60',
  WIDGET_LIMIT_ESCALATE: '100000/60',
  // the ingest API's per-key (120/min) and per-IP limits: scenario 4's 32 ops/s step sends 3 batches a second on one key
  WIDGET_LIMIT_INGEST_KEY: '100000/60',
  WIDGET_LIMIT_INGEST_IP: '100000/60',
  AI_LOCAL_CHUNK_DELAY_MS: '5',
};

/** Ports the scenarios open beside the stack (fault proxies, a private PostgREST, runtime, gateway). */
export function extraPorts(config: StackConfig) {
  const base = config.ports.api - 1;
  return {
    proxyRest: base + 11,
    proxyDb: base + 12,
    rest: base + 13,
    restAdmin: base + 14,
    functions: base + 15,
    gateway: base + 16,
    app: base + 17,
  };
}

export function reliabilityConfig(env: NodeJS.ProcessEnv = process.env): { env: Record<string, string>; config: StackConfig } {
  const stackEnv = reliabilityStackEnv(env);
  return { env: stackEnv, config: loadConfig({ ...env, ...stackEnv }) };
}
