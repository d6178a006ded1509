import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ACME } from '../helpers/seed';
import { config, sql, userClient } from '../helpers/stack';
import { chat, nextIp, post, startSession } from '../helpers/widget';

/** escalate: the visitor asks for a person and the conversation becomes one numbered ticket of its org. */
const escalate = (body: Record<string, unknown>, ip = nextIp()) => post('escalate', body, { ip });

describe('escalate', () => {
  it('creates the next ticket of the website organization with the customer, query and AI context', async () => {
    const s = await startSession('wk_acme_support', 'https://support.acme.com');
    await chat(s.session_token, randomUUID(), 'Do you sell gift cards for birthdays?', { ip: nextIp() });
    const [before] = await sql<{ ticket_seq: number }>('select ticket_seq from public.organizations where id = $1', [ACME.id]);
    const res = await escalate({ session_token: s.session_token, email: 'Casey@Example.com', name: 'Casey Jones', reason: 'visitor_request' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ticket_ref: string; ticket_id: string; created: boolean };
    expect(body).toMatchObject({ created: true, ticket_ref: `ACM-${String(before!.ticket_seq + 1).padStart(3, '0')}` });

    const [ticket] = await sql<Record<string, unknown>>(
      `select t.organization_id, t.website_id, t.customer_email, t.customer_name, t.original_query, t.ai_context, t.conversation_id,
              c.is_escalated, c.escalated_reason, c.escalated_at is not null as escalated_at_set
       from public.tickets t join public.conversations c on c.id = t.conversation_id where t.id = $1`,
      [body.ticket_id],
    );
    expect(ticket).toMatchObject({
      organization_id: ACME.id,
      website_id: 'a1000000-0000-4000-8000-000000000002',
      customer_email: 'casey@example.com',
      customer_name: 'Casey Jones',
      original_query: 'Do you sell gift cards for birthdays?',
      conversation_id: s.conversation_id,
      is_escalated: true,
      escalated_reason: 'low_confidence',
      escalated_at_set: true,
    });
    expect(ticket?.ai_context).toMatchObject({ intent: 'unsure', reason: 'low_confidence', escalation_reason: 'low_confidence' });

    // the team sees it; the widget shows the reference after a reload
    const agent = await userClient('user_acme_agent', { id: ACME.id, slug: 'acme' });
    const { data } = await agent.from('tickets').select('ref').eq('id', body.ticket_id).single().throwOnError();
    expect(data.ref).toBe(body.ticket_ref);
    const resumed = await startSession('wk_acme_support', 'https://support.acme.com', { session_token: s.session_token });
    expect(resumed.conversation).toMatchObject({ is_escalated: true, ticket_ref: body.ticket_ref });
  });

  it('a conversation escalated twice keeps one ticket', async () => {
    const s = await startSession();
    const first = (await (await escalate({ session_token: s.session_token, email: 'twice@example.com' })).json()) as { ticket_id: string };
    const again = (await (await escalate({ session_token: s.session_token, email: 'twice@example.com' })).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ ticket_id: first.ticket_id, created: false });
    expect(await sql('select 1 from public.tickets where conversation_id = $1', [s.conversation_id])).toHaveLength(1);
  });

  it('needs a valid email and says so, writing nothing', async () => {
    const s = await startSession();
    const missing = await escalate({ session_token: s.session_token });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/email address is required/);
    const invalid = await escalate({ session_token: s.session_token, email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/^email: must be a valid email address/);
    expect(await sql('select 1 from public.tickets where conversation_id = $1', [s.conversation_id])).toHaveLength(0);
  });

  it('gives 100 concurrent escalations in one organization distinct, consecutive ticket numbers', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 100 }, (_, i) => startSession('wk_acme_shop', 'https://shop.acme.com', {}, `10.1.${i}.1`)),
    );
    const [before] = await sql<{ ticket_seq: number }>('select ticket_seq from public.organizations where id = $1', [ACME.id]);
    const responses = await Promise.all(
      sessions.map((s, i) => escalate({ session_token: s.session_token, email: `rush${i}@example.com` }, `10.2.${i}.1`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    const refs = await Promise.all(responses.map(async (r) => ((await r.json()) as { ticket_ref: string }).ticket_ref));
    const numbers = refs.map((ref) => Number(ref.replace('ACM-', ''))).sort((a, b) => a - b);
    const start = before!.ticket_seq + 1;
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => start + i));
    const [after] = await sql<{ n: number }>(
      'select count(distinct number)::int as n from public.tickets where organization_id = $1 and number >= $2',
      [ACME.id, start],
    );
    expect(after?.n).toBe(100);
  });

  it("numbers and assigns a ticket while another transaction's foreign-key check holds the organization (no deadlock)", async () => {
    // Concurrent escalations deadlocked under load: each insert's foreign-key checks hold FOR KEY
    // SHARE on the organization, which the assignment trigger's lock must not wait for.
    const s = await startSession('wk_acme_shop', 'https://shop.acme.com', {}, nextIp());
    const holder = new pg.Client({ connectionString: config.db.url });
    const writer = new pg.Client({ connectionString: config.db.url });
    await holder.connect();
    await writer.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from public.organizations where id = $1 for key share', [ACME.id]);
      await writer.query('begin');
      await writer.query("set local lock_timeout = '3s'");
      const [ticket] = (
        await writer.query<{ ref: string }>(
          'insert into public.tickets (organization_id, conversation_id, subject) values ($1, $2, $3) returning ref',
          [ACME.id, s.conversation_id, 'Key share'],
        )
      ).rows;
      expect(ticket?.ref).toMatch(/^ACM-\d+$/);
    } finally {
      await writer.query('rollback').catch(() => undefined);
      await holder.query('rollback');
      await Promise.all([holder.end(), writer.end()]);
    }
  });

  it('limits escalations per IP (429 with Retry-After)', async () => {
    const ip = '192.0.2.99';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      const res = await escalate({ session_token: `vst_${'1'.repeat(64)}`, email: 'x@example.com' }, ip);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      await res.body?.cancel();
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});
