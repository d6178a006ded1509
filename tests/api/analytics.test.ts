import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { analyticsRange } from '@/lib/data/analytics';
import { appUrl } from '../helpers/app';
import { createApiKey, ingest, uniq } from '../helpers/ingest';
import { ACME, USERS } from '../helpers/seed';
import { config, keys, sql, userClient } from '../helpers/stack';
import { randomDay, seededRandom } from '../helpers/random';

/**
 * Analytics through the API a dashboard uses, for a fresh organization fed through the ingest
 * API, against figures worked out by hand: one calendar day in Kathmandu (UTC+05:45, so day
 * edges fall mid-hour), the CSV export of the same figures, and nothing for anyone else.
 */
const slug = `an-${randomUUID().slice(0, 8)}`;
const org = { id: randomUUID(), slug };
const admin = `user_an_${randomUUID().slice(0, 8)}`;
const tz = 'Asia/Kathmandu';
// a day nobody else writes to; D-1 18:15Z to D 18:15Z is that day in Kathmandu
const D = randomDay(seededRandom('tests/api/analytics.test.ts'), '2022-01-02', 300);
const prev = new Date(Date.parse(`${D}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const range = analyticsRange({ from: D, to: D, tz });

beforeAll(async () => {
  await sql('insert into public.organizations (id, slug, name, ticket_prefix) values ($1, $2, $3, $4)', [org.id, slug, 'Analytics Test Co', 'ATC']);
  await sql('insert into public.users (id, email, name) values ($1, $2, $3)', [admin, `${admin}@example.com`, 'Ana Lytics']);
  await sql(`insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'admin')`, [org.id, admin]);
  const { key } = await createApiKey(admin, org, ['ingest:write']);
  const at = (day: string, time: string) => `${day}T${time}Z`;
  const chat = (id: string, started: string, extra: Record<string, unknown> = {}) => ({
    type: 'chat',
    idempotency_key: uniq('c'),
    external_id: id,
    visitor_external_id: 'v-a',
    started_at: started,
    ...extra,
  });
  const msg = (chatId: string, sender: string, sent: string) => ({
    type: 'message',
    idempotency_key: uniq('m'),
    chat_external_id: chatId,
    sender_type: sender,
    body: `${sender} says hi`,
    sent_at: sent,
  });
  const res = await ingest(key, [
    // A: 00:05 local on D, AI answers in 45 s, resolved after 30 minutes
    chat('A', at(prev, '18:20:00'), { is_resolved: true, resolved_at: at(prev, '18:50:00') }),
    msg('A', 'visitor', at(prev, '18:20:00')),
    msg('A', 'ai', at(prev, '18:20:45')),
    // B: 23:55 local on D, an agent answers in 120 s, escalated
    chat('B', at(D, '18:10:00'), { is_escalated: true, escalated_reason: 'needs_human' }),
    msg('B', 'visitor', at(D, '18:10:00')),
    msg('B', 'agent', at(D, '18:12:00')),
    // C: 00:05 on the next local day; E: 23:55 on the day before (both outside)
    chat('C', at(D, '18:20:00')),
    msg('C', 'visitor', at(D, '18:20:00')),
    chat('E', at(prev, '18:10:00')),
    msg('E', 'visitor', at(prev, '18:10:00')),
    { type: 'event', idempotency_key: uniq('e'), name: 'demo_booked', visitor_external_id: 'v-a', occurred_at: at(prev, '18:14:00') },
    { type: 'event', idempotency_key: uniq('e'), name: 'demo_booked', visitor_external_id: 'v-a', occurred_at: at(D, '12:00:00') },
  ]);
  expect(res.status).toBe(200);
});

describe('analytics', () => {
  it('turns a Kathmandu calendar day into the right instants', () => {
    expect(range).toMatchObject({ from: D, to: D, fromIso: `${prev}T18:15:00.000Z`, toIso: `${D}T18:15:00.000Z` });
  });

  it("a member gets the hand-computed figures of their organization's day", async () => {
    const client = await userClient(admin, org);
    const args = { p_from: range.fromIso, p_to: range.toIso };
    const { data: summary } = await client.rpc('analytics_summary', args).single();
    // A and B in the day; A deflected, B escalated; responses 45 s and 120 s; A resolved in 1800 s
    expect(summary).toEqual({
      conversations: 2,
      engaged: 2,
      ai_deflected: 1,
      deflection_rate: 0.5,
      escalated: 1,
      escalation_rate: 0.5,
      resolved: 1,
      median_first_response_seconds: 82.5,
      median_resolution_seconds: 1800,
      messages: 4,
      visitor_messages: 2,
      ai_messages: 1,
      agent_messages: 1,
      new_visitors: 0,
      active_visitors: 1,
      events: 1,
      tickets: 0,
    });
    const { data: daily } = await client.rpc('analytics_daily', { ...args, p_tz: tz });
    expect(daily).toEqual([
      {
        day: D,
        conversations: 2,
        escalated: 1,
        ai_deflected: 1,
        messages: 4,
        visitor_messages: 2,
        ai_messages: 1,
        agent_messages: 1,
        new_visitors: 0,
        active_visitors: 1,
        events: 1,
      },
    ]);
    const { data: reasons } = await client.rpc('analytics_escalation_reasons', args);
    expect(reasons).toEqual([{ reason: 'needs_human', conversations: 1 }]);
    const { data: events } = await client.rpc('analytics_event_totals', args);
    expect(events).toEqual([{ name: 'demo_booked', events: 1, visitors: 1 }]);
  });

  it('exports the same figures as CSV, to members only', async () => {
    const app = await appUrl();
    const cookie = async (userId: string) =>
      `${SESSION_COOKIE}=${await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId)}`;
    const url = (dataset: string) => `${app}/dashboard/${slug}/analytics/export?dataset=${dataset}&from=${D}&to=${D}&tz=${tz}`;
    const res = await fetch(url('summary'), { headers: { cookie: await cookie(admin) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${slug}-summary-${D}-${D}.csv"`);
    expect((await res.text()).split('\r\n')).toEqual([
      'conversations,engaged,ai_deflected,deflection_rate,escalated,escalation_rate,resolved,median_first_response_seconds,' +
        'median_resolution_seconds,messages,visitor_messages,ai_messages,agent_messages,new_visitors,active_visitors,events,tickets',
      '2,2,1,0.5,1,0.5,1,82.5,1800,4,2,1,1,0,1,1,0',
      '',
    ]);
    const reasons = await fetch(url('escalation_reasons'), { headers: { cookie: await cookie(admin) } });
    expect(await reasons.text()).toBe('reason,conversations\r\nneeds_human,1\r\n');

    expect((await fetch(url('summary'), { headers: { cookie: await cookie('user_acme_admin') } })).status).toBe(404);
    expect((await fetch(url('nonsense'), { headers: { cookie: await cookie(admin) } })).status).toBe(400);
  });

  it('shows none of it to other organizations', async () => {
    for (const [userId, active] of [
      [USERS.acmeOwner, ACME],
      [USERS.consultant, ACME],
      [USERS.acmeViewer, org],
    ] as const) {
      const client = await userClient(userId, { id: active.id, slug: active.slug });
      const { data } = await client.rpc('analytics_summary', { p_from: range.fromIso, p_to: range.toIso }).single();
      expect(data, userId).toMatchObject({ conversations: 0, messages: 0, events: 0 });
    }
  });
});
