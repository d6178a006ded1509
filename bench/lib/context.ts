import { signLocalSessionToken } from '../../lib/auth/local-token';
import type { StackConfig } from '../../scripts/stack/config';
import type { StackKeys } from '../../scripts/stack/keys';
import { POSTGREST_HOST } from '../../scripts/stack/services';
import type { Dataset } from '../generate';
import type { BenchPorts } from './env';
import type { Effort } from './load';

/** What every scenario gets: the stack, its keys, the loaded data set and how hard to push. */
export interface BenchContext {
  config: StackConfig;
  keys: StackKeys;
  ports: BenchPorts;
  dataset: Dataset;
  efforts: { latency: Effort; throughput: Effort; quick: boolean };
  log: (line: string) => void;
}

export const orgId = (no: number) => `be000000-0000-4000-8000-${String(no).padStart(12, '0')}`;
export const orgSlug = (no: number) => `bench-${String(no).padStart(4, '0')}`;
export const userId = (no: number) => `bench_u${String(no).padStart(6, '0')}`;
export const websiteKey = (no: number) => `wk_bench_${no}`;
export const websiteOrigin = (no: number) => `https://org${no}.bench.example`;

export interface Persona {
  user: string;
  org: number;
  role: string;
}

/** A member of organization `org` (its owner unless told otherwise). */
export function memberOf(dataset: Dataset, org: number, prefer?: (user: number) => boolean): Persona {
  const rows = dataset.plan.memberships.filter((m) => m.org === org);
  const pick = (prefer && rows.find((m) => prefer(m.user))) ?? rows.find((m) => m.role === 'owner') ?? rows[0];
  if (!pick) throw new Error(`organization ${org} has no members`);
  return { user: userId(pick.user), org, role: pick.role };
}

/**
 * The RLS scenarios' member: someone who works in several organizations (so the token's active
 * organization, not mere membership, must decide), active in a small one, the case where other
 * tenants' rows outnumber the member's by far.
 */
export function consultant(dataset: Dataset): Persona {
  const byUser = new Map<number, number[]>();
  for (const m of dataset.plan.memberships) byUser.set(m.user, [...(byUser.get(m.user) ?? []), m.org]);
  const n = dataset.plan.orgs.length;
  // among users of several organizations, the one whose smallest is nearest the middle of the ranking
  const best = [...byUser.entries()]
    .filter(([, orgs]) => orgs.length > 1)
    .map(([user, orgs]) => ({ user, org: Math.max(...orgs) }))
    .sort((x, y) => Math.abs(x.org - n / 2) - Math.abs(y.org - n / 2) || x.user - y.user)[0];
  if (!best) return memberOf(dataset, Math.ceil(n / 2));
  const role = dataset.plan.memberships.find((m) => m.user === best.user && m.org === best.org)!.role;
  return { user: userId(best.user), org: best.org, role };
}

export function tokenFor(ctx: Pick<BenchContext, 'config' | 'keys'>, persona: Persona): Promise<string> {
  return signLocalSessionToken({
    privateJwk: ctx.keys.sessionPrivateJwk,
    issuer: ctx.config.issuer,
    userId: persona.user,
    org: { id: orgId(persona.org), role: persona.role, slug: orgSlug(persona.org) },
    ttlSeconds: 6 * 3600,
  });
}

/** PostgREST itself (not the gateway): `path` starts at the table, e.g. /messages?… */
export const restUrl = (ctx: Pick<BenchContext, 'config'>, path: string) => `http://${POSTGREST_HOST}:${ctx.config.ports.rest}${path}`;

/** Headers of a PostgREST request as supabase-js sends them (the gateway passes them on). */
export function restHeaders(apiKey: string, bearer: string = apiKey): Record<string, string> {
  return { apikey: apiKey, authorization: `Bearer ${bearer}`, accept: 'application/json' };
}
