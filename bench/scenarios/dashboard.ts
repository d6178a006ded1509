import { existsSync } from 'node:fs';
import path from 'node:path';
import { signSessionCookie, SESSION_COOKIE } from '../../lib/auth/session-cookie';
import { projectRoot } from '../../scripts/stack/config';
import { ticketPrefix } from '../generate/sql';
import { startApp } from '../lib/app';
import { memberOf, orgSlug, type BenchContext } from '../lib/context';
import { abLatency } from '../lib/load';
import { notMeasured, type ScenarioResult } from '../lib/result';
import { latencySide, noErrors, roundsNote } from './rls';

/**
 * Dashboard: the server render of the tickets page (issue 4) for the organization with 50,000
 * tickets against the same page for one with 50, each as its owner, alternating.
 */
const PAGE = 'app/dashboard/[orgSlug]/tickets/page.tsx';
const TITLE = 'Dashboard: tickets page render, 50,000 tickets vs 50';
const TARGET = { op: '<=' as const, value: 1.5 };

export async function dashboard(ctx: BenchContext): Promise<ScenarioResult> {
  if (!existsSync(path.join(projectRoot, PAGE))) return notMeasured('dashboard', TITLE, `not measured: ${PAGE} (issue 4) does not exist yet`, TARGET);
  const { bigDesk, smallDesk } = ctx.dataset.plan.roles;
  if (!bigDesk || !smallDesk) return notMeasured('dashboard', TITLE, 'not measured: this data set has no big and small desk', TARGET);
  const app = await startApp(ctx);
  try {
    const target = async (org: number) => {
      const owner = memberOf(ctx.dataset, org, () => false);
      const cookie = await signSessionCookie({ privateJwk: ctx.keys.sessionPrivateJwk, issuer: ctx.config.issuer }, owner.user);
      const url = `${app.url}/dashboard/${orgSlug(org)}/tickets`;
      const res = await fetch(url, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` }, redirect: 'manual' });
      const html = await res.text();
      if (res.status !== 200 || !html.includes(`${ticketPrefix(org)}-`)) {
        throw new Error(`${url} answered ${res.status} without ${ticketPrefix(org)}- ticket refs`);
      }
      return { url, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } };
    };
    const big = await target(bigDesk);
    const small = await target(smallDesk);
    const quick = ctx.efforts.quick;
    const r = await abLatency(big, small, { rounds: quick ? 2 : 8, perRound: quick ? 3 : 10, warmup: quick ? 2 : 10, connections: 1 });
    const tickets = (org: number) => ctx.dataset.plan.orgs[org - 1]!.tickets.toLocaleString('en');
    return {
      id: 'dashboard',
      title: TITLE,
      status: 'measured',
      a: latencySide(`${orgSlug(bigDesk)}: ${tickets(bigDesk)} tickets`, r.a),
      b: latencySide(`${orgSlug(smallDesk)}: ${tickets(smallDesk)} tickets`, r.b),
      ratio: r.ratio,
      ratioOf: 'big desk / small desk (median server render)',
      target: TARGET,
      conditionsMet: noErrors(r),
      notes: [`GET /dashboard/<slug>/tickets as the owner, next ${app.mode === 'start' ? 'start (production build)' : 'dev'}`, roundsNote(r)],
      remedy:
        'page with keyset pagination on (organization_id, created_at desc) and an estimated or capped count instead of count(*) over every ticket',
    };
  } finally {
    app.stop();
  }
}
