import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { config, keys, sql, tokenFor } from '../helpers/stack';

/**
 * The summarize function: the scheduler's secret (or an admin's own session) or 401; finished
 * conversations of every organization get an extractive summary once; an admin runs it for their
 * active organization only, and may force a fresh summary.
 */
const url = `${config.apiUrl}/functions/v1/summarize`;

async function call(authorization: string | null, body: unknown = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A finished conversation: resolved two hours ago, with a question and an AI answer. */
async function finishedConversation(orgId: string, question: string, answer: string) {
  const id = randomUUID();
  await sql(
    `insert into public.conversations (id, organization_id, status, is_resolved, resolved_at, created_at)
     values ($1, $2, 'closed', true, now() - interval '2 hours', now() - interval '3 hours')`,
    [id, orgId],
  );
  await sql(
    `insert into public.messages (organization_id, conversation_id, sender_type, body, created_at) values
       ($2, $1, 'visitor', $3, now() - interval '3 hours'), ($2, $1, 'ai', $4, now() - interval '179 minutes'),
       ($2, $1, 'agent', 'Internal: customer is a VIP.', now() - interval '178 minutes')`,
    [id, orgId, question, answer],
  );
  await sql(`update public.messages set is_internal = true where conversation_id = $1 and sender_type = 'agent'`, [id]);
  return id;
}

async function summaryOf(id: string) {
  const [row] = await sql<{ summary: string | null; summarized_at: Date | null }>(
    'select summary, summarized_at from public.conversations where id = $1',
    [id],
  );
  return row!;
}

const bearer = (token: string) => `Bearer ${token}`;
const session = async (userId: string, org: { id: string; slug: string }) => bearer(await tokenFor(userId, { ...org, role: 'member' }));

describe('summarize', () => {
  it('answers 401 to a missing or wrong secret, or a forged token, and 405 to GET', async () => {
    expect((await call(null)).status).toBe(401);
    expect((await call(bearer('not-the-secret'))).status).toBe(401);
    expect((await call(bearer(`${keys.cronSecret}x`))).status).toBe(401);
    expect((await call('Basic abc')).status).toBe(401);
    expect((await call(bearer('eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJl'))).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: bearer(keys.cronSecret) } })).status).toBe(405);
  });

  it('the scheduler summarizes finished conversations of every organization, once', async () => {
    const acmeId = await finishedConversation(
      ACME.id,
      'How do I change my billing plan? I am on the basic plan.',
      'You can change your billing plan under Settings > Billing > Plan. Upgrades apply immediately.',
    );
    const globexId = await finishedConversation(
      GLOBEX.id,
      'Is the lab wing open on weekends?',
      'Yes, the lab wing is open to badge holders on weekends.',
    );

    const first = await call(bearer(keys.cronSecret));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ provider: 'local' });
    const acme = await summaryOf(acmeId);
    expect(acme.summary).toBe(
      'Visitor: How do I change my billing plan? AI: You can change your billing plan under Settings > Billing > Plan. Resolved without a person.',
    );
    expect(acme.summary).not.toContain('VIP');
    expect((await summaryOf(globexId)).summary).toMatch(/^Visitor: Is the lab wing open on weekends\? AI: Yes, the lab wing is open/);

    const second = await call(bearer(keys.cronSecret));
    expect(second.status).toBe(200);
    expect(await summaryOf(acmeId)).toEqual(acme);
  });

  it('an admin runs it for their active organization only; agents cannot; force writes a fresh summary', async () => {
    const acmeId = await finishedConversation(ACME.id, 'Where can I download my invoices?', 'Past invoices are under Settings > Billing.');
    const globexId = await finishedConversation(GLOBEX.id, 'Do you accept purchase orders?', 'Globex accepts purchase orders.');

    const agent = await call(await session(USERS.acmeAgent, { id: ACME.id, slug: ACME.slug }));
    expect(agent.status).toBe(403);
    const outsider = await call(await session(USERS.globexOwner, { id: ACME.id, slug: ACME.slug }));
    expect(outsider.status).toBe(403);
    expect((await summaryOf(acmeId)).summary).toBeNull();

    const admin = await session('user_acme_admin', { id: ACME.id, slug: ACME.slug });
    const run = await call(admin, { limit: 100 });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ organizations: 1, results: [expect.objectContaining({ organization_id: ACME.id })] });
    const stored = await summaryOf(acmeId);
    expect(stored.summary).toMatch(/^Visitor: Where can I download my invoices\?/);
    expect((await summaryOf(globexId)).summary).toBeNull();
    expect((await call(admin, { organization_id: GLOBEX.id })).status).toBe(400);

    await sql('update public.conversations set summary = $2 where id = $1', [acmeId, 'Edited by hand.']);
    const again = await call(admin, { limit: 100 });
    expect(again.status).toBe(200);
    expect((await summaryOf(acmeId)).summary).toBe('Edited by hand.');
    const forced = await call(admin, { limit: 100, force: true });
    expect(forced.status).toBe(200);
    const fresh = await summaryOf(acmeId);
    expect(fresh.summary).toMatch(/^Visitor: Where can I download my invoices\?/);
    expect(fresh.summarized_at!.getTime()).toBeGreaterThan(stored.summarized_at!.getTime());
  });
});
