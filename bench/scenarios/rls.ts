import { withClient } from '../generate';
import { consultant, memberOf, orgId, orgSlug, restHeaders, restUrl, tokenFor, type BenchContext, type Persona } from '../lib/context';
import { checkTenantScan, explainAs } from '../lib/explain';
import { abLatency, abThroughput, type AbResult } from '../lib/load';
import type { ScenarioResult, SideFigures } from '../lib/result';
import { median } from '../lib/stats';

/**
 * PostgREST, called directly with the headers supabase-js sends (the gateway in front of it adds
 * the same ~1 ms to both sides, which would only flatten the ratios): the conversation list's
 * "latest 50 messages" with a member's token against the service role, the same list without the
 * organization filter (RLS alone), and the cost of a member's token per request.
 */
const COLUMNS = 'id,conversation_id,sender_type,body,created_at';
const listPath = (org?: number) => `/messages?select=${COLUMNS}${org ? `&organization_id=eq.${orgId(org)}` : ''}&order=created_at.desc&limit=50`;
const LIST_SQL = `select id, conversation_id, sender_type, body, created_at from public.messages order by created_at desc limit 50`;

export const latencySide = (label: string, side: AbResult['a']): SideFigures => ({ label, median: side.median, p95: side.p95, unit: 'ms' });

const claimsOf = (p: Persona) => ({ sub: p.user, role: 'authenticated', o: { id: orgId(p.org), rol: p.role, slg: orgSlug(p.org) } });

export function roundsNote(r: AbResult): string {
  return `per-round ratios ${r.rounds.map((x) => x.toFixed(2)).join(' ')}; failed requests ${r.a.errors}/${r.b.errors}`;
}

/** A side that answered with errors measured something else: the scenario cannot pass. */
export const noErrors = (r: AbResult) => r.a.errors + r.b.errors === 0;

export async function rlsList(ctx: BenchContext): Promise<ScenarioResult> {
  const member = consultant(ctx.dataset);
  const token = await tokenFor(ctx, member);
  const url = restUrl(ctx, listPath(member.org));
  const r = await abLatency(
    { url, headers: restHeaders(ctx.keys.anonKey, token) },
    { url, headers: restHeaders(ctx.keys.serviceRoleKey) },
    ctx.efforts.latency,
  );
  return {
    id: 'rls-list',
    title: 'RLS list: latest 50 messages, member token vs service role',
    status: 'measured',
    a: latencySide('member, org filter', r.a),
    b: latencySide('service role, org filter', r.b),
    ratio: r.ratio,
    ratioOf: 'member / service role (median latency)',
    target: { op: '<=', value: 1.1 },
    notes: [`${member.user} (${member.role}) active in ${orgSlug(member.org)}, also a member elsewhere`, roundsNote(r)],
    remedy:
      'private.org_with_role() keeps its plan per connection (PL/pgSQL), but each statement still calls it once (security definer and ' +
      'search_path switch); resolving the organization once per request (a PostgREST db-pre-request function filling a transaction-local ' +
      'setting the helper reads first) would remove the rest',
    conditionsMet: noErrors(r),
  };
}

export async function forgottenFilter(ctx: BenchContext): Promise<ScenarioResult> {
  const member = consultant(ctx.dataset);
  const token = await tokenFor(ctx, member);
  const headers = restHeaders(ctx.keys.anonKey, token);
  const r = await abLatency({ url: restUrl(ctx, listPath()), headers }, { url: restUrl(ctx, listPath(member.org)), headers }, ctx.efforts.latency);
  // the second explain on the connection: the first one also pays for loading catalogs
  const plan = await withClient(ctx.config.db.url, async (client) => {
    await explainAs(client, claimsOf(member), LIST_SQL);
    return explainAs(client, claimsOf(member), LIST_SQL);
  });
  const check = checkTenantScan(plan.plan, 'messages', 50);
  return {
    id: 'forgotten-filter',
    title: 'Forgotten filter: same list, RLS alone vs explicit filter',
    status: 'measured',
    a: latencySide('member, no org filter', r.a),
    b: latencySide('member, org filter', r.b),
    ratio: r.ratio,
    ratioOf: 'no filter / explicit filter (median latency)',
    target: { op: '<=', value: 1.2, also: "explain: no other tenant's rows scanned" },
    conditionsMet: check.ok && noErrors(r),
    notes: [
      `explain (analyze, buffers): ${check.scans.join('; ')}; ${check.rowsRead} message rows read, ${check.rowsRemoved} filtered out, ` +
        `${check.buffers} buffers, ${plan.executionMs.toFixed(2)} ms${check.ok ? '' : `; PROBLEMS: ${check.problems.join('; ')}`}`,
      roundsNote(r),
    ],
    remedy: 'the policy must compare organization_id with a scalar (select …) so the planner turns it into an index condition',
    details: { explain: plan.plan },
  };
}

/** Requests/s of a member (a different token per request, like many users) vs anonymous ones. */
export async function jwtCost(ctx: BenchContext): Promise<ScenarioResult> {
  const path = '/messages?select=id,created_at&order=created_at.desc&limit=1';
  const orgs = ctx.dataset.plan.orgs.slice(0, Math.min(50, ctx.dataset.plan.orgs.length));
  const tokens = await Promise.all(orgs.map((o) => tokenFor(ctx, memberOf(ctx.dataset, o.no))));
  const member = {
    url: restUrl(ctx, path),
    requests: tokens.map((t) => ({ method: 'GET' as const, path, headers: restHeaders(ctx.keys.anonKey, t) })),
  };
  // anon holds no table privilege (20261201090000): PostgREST still runs the request and answers 401
  const anon = { url: restUrl(ctx, path), headers: restHeaders(ctx.keys.anonKey), expectedStatus: 401 };
  const r = await abThroughput(member, anon, ctx.efforts.throughput);
  return {
    id: 'jwt-cost',
    title: 'JWT cost: requests/s with member tokens vs anonymous',
    status: 'measured',
    a: { label: `member (${tokens.length} users' RS256 tokens)`, rate: r.a.rps, median: r.a.median, p95: r.a.p95, unit: 'req/s' },
    b: { label: 'anonymous (anon key)', rate: r.b.rps, median: r.b.median, p95: r.b.p95, unit: 'req/s' },
    ratio: r.ratio,
    ratioOf: 'member req/s / anon req/s',
    target: { op: '>=', value: 0.95 },
    conditionsMet: noErrors(r),
    notes: [
      `GET ${path}, ${ctx.efforts.throughput.connections} connections; the member gets its organization's newest message, anon a 401 (no table privilege)`,
      roundsNote(r),
    ],
    remedy:
      'PostgREST verifies each RS256 token once and caches it (jwt-cache-max-lifetime); the member still pays for the policy ' +
      '(private.org_with_role(), once per statement) and for a row the anonymous request does not get',
  };
}

/**
 * Anchors (SQL only, not through PostgREST): the same no-filter query under two other common
 * policy shapes, swapped in inside a rolled-back transaction, against the policy in the schema.
 */
const ANCHOR_SHAPES: { id: string; name: string; using: string; reference: string }[] = [
  {
    id: 'anchor-membership-subquery',
    name: 'membership subquery policy',
    using: `organization_id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.jwt() ->> 'sub'))`,
    reference: '~600x',
  },
  {
    id: 'anchor-any-array',
    name: 'any(array(my_org_ids())) policy',
    using: `organization_id = any (array(select private.my_org_ids()))`,
    reference: '~6x',
  },
];

export async function policyAnchors(ctx: BenchContext): Promise<ScenarioResult[]> {
  const member = consultant(ctx.dataset);
  const runs = ctx.efforts.quick ? 2 : 7;
  return withClient(ctx.config.db.url, async (client) => {
    const time = async (prepare: string[]) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push((await explainAs(client, claimsOf(member), LIST_SQL, prepare)).executionMs);
      return median(ms);
    };
    const current = await time([]);
    const out: ScenarioResult[] = [];
    for (const shape of ANCHOR_SHAPES) {
      const ms = await time([`alter policy messages_select on public.messages using (${shape.using})`]);
      out.push({
        id: shape.id,
        title: `Anchor: ${shape.name} (SQL, no filter)`,
        status: 'measured',
        a: { label: shape.name, median: ms, unit: 'ms' },
        b: { label: 'scalar org_with_role() policy', median: current, unit: 'ms' },
        ratio: ms / current,
        ratioOf: `execution time, other shape / ours (issue's anchor ${shape.reference})`,
        notes: [`executor time of explain analyze, median of ${runs}; the policy swap is rolled back`],
      });
    }
    return out;
  });
}
