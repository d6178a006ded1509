import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCustomer, getCustomerHistory } from '@/lib/data/customers';
import { INBOX_VIEWS, getInboxCounts, listInbox, markConversationRead } from '@/lib/data/conversations';
import { searchMessages } from '@/lib/data/messages';
import { createApiKey, ingest, uniq } from '../helpers/ingest';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { sql, userClient } from '../helpers/stack';
import { deleteConversation } from './cleanup';

/**
 * The inbox's data, as the dashboard reads it: through PostgREST with each member's own token, so
 * the policies decide. Conversations arrive through the ingestion API; their lifecycle state is set
 * directly (the state machine has its own tests), so each view's content is known.
 */
const acme = { id: ACME.id, slug: ACME.slug };
const globex = { id: GLOBEX.id, slug: GLOBEX.slug };
const word = `zq${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const created: { conversations: string[]; visitors: string[] } = { conversations: [], visitors: [] };
let key: string;

/** A conversation of Acme's from the ingestion API: a visitor, their messages, an event and an article view. */
async function arrive(visitorBodies: string[], opts: { withEvent?: boolean } = {}) {
  const chat = uniq('inbox-chat');
  const visitor = uniq('inbox-crm');
  const items: unknown[] = [
    { type: 'visitor', idempotency_key: uniq('v'), external_id: visitor, email: `${visitor}@example.com`, name: `Inbox ${visitor.slice(-6)}` },
    { type: 'chat', idempotency_key: uniq('c'), external_id: chat, visitor_external_id: visitor },
    ...visitorBodies.map((body) => ({ type: 'message', idempotency_key: uniq('m'), chat_external_id: chat, sender_type: 'visitor', body })),
    { type: 'message', idempotency_key: uniq('m'), chat_external_id: chat, sender_type: 'ai', body: 'Let me look into that.' },
  ];
  if (opts.withEvent) {
    items.push(
      { type: 'event', idempotency_key: uniq('e'), name: 'plan_upgraded', visitor_external_id: visitor, properties: { plan: 'pro' } },
      { type: 'article_view', idempotency_key: uniq('a'), url: 'https://acme.com/help/billing', title: 'Billing help', visitor_external_id: visitor },
    );
  }
  const res = await ingest(key, items);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.failed).toBe(0);
  const [row] = await sql<{ id: string; visitor_id: string }>('select id, visitor_id from public.conversations where external_customer_id = $1', [
    chat,
  ]);
  if (!row) throw new Error(`ingest stored no conversation ${chat}`);
  created.conversations.push(row.id);
  created.visitors.push(row.visitor_id);
  return row;
}

/** The one value of the one row a query returns. */
async function value(query: string): Promise<unknown> {
  const [row] = await sql(query);
  if (!row) throw new Error(`no row from ${query}`);
  return Object.values(row)[0];
}

async function setState(id: string, state: string, waitingMinutes: number | null, assignee: string | null = null) {
  await sql(
    `update public.conversations set state = $2::public.conversation_state, assignee_id = $3,
       waiting_since = case when $4::int is null then null else now() - make_interval(mins => $4::int) end,
       state_changed_at = now() - make_interval(mins => coalesce($4::int, 5))
     where id = $1`,
    [id, state, assignee, waitingMinutes],
  );
}

let longWait: { id: string; visitor_id: string };
let shortWait: { id: string; visitor_id: string };
let mine: { id: string; visitor_id: string };
let silent: string;

beforeAll(async () => {
  key = (await createApiKey('user_acme_admin', acme, ['ingest:write'])).key;
  longWait = await arrive([`My order never came (${word})`, 'Hello?'], { withEvent: true });
  shortWait = await arrive([`Another ${word} question`]);
  mine = await arrive([`Where is my refund ${word}`]);
  await setState(longWait.id, 'needs_reply', 300);
  await setState(shortWait.id, 'waiting_for_agent', 10);
  await setState(mine.id, 'with_agent', null, USERS.acmeAgent);
  // a chat in which only the assistant spoke is no inbox item
  const chat = uniq('inbox-silent');
  await ingest(key, [
    { type: 'chat', idempotency_key: uniq('c'), external_id: chat },
    { type: 'message', idempotency_key: uniq('m'), chat_external_id: chat, sender_type: 'ai', body: 'Hi! How can I help?' },
  ]);
  silent = String(await value(`select id from public.conversations where external_customer_id = '${chat}'`));
  created.conversations.push(silent);
  await setState(silent, 'waiting_for_agent', 600);
});

afterAll(async () => {
  await sql('delete from public.events where visitor_id = any($1)', [created.visitors]);
  await sql('delete from public.article_views where visitor_id = any($1)', [created.visitors]);
  for (const id of created.conversations) await deleteConversation(id);
});

describe('inbox views', () => {
  it('Needs reply lists the longest wait first and never a conversation where the visitor did not write', async () => {
    const agent = await userClient(USERS.acmeAgent, acme);
    const { rows } = await listInbox(agent, { view: 'needs_reply', userId: USERS.acmeAgent, page: 1, pageSize: 500 });
    const ids = rows.map((r) => r.id);
    expect(ids).toContain(longWait.id);
    expect(ids.indexOf(longWait.id)).toBeLessThan(ids.indexOf(shortWait.id));
    expect(ids).not.toContain(silent);
    expect(ids).not.toContain(mine.id);
    const all = await listInbox(agent, { view: 'all', userId: USERS.acmeAgent, page: 1, pageSize: 500 });
    expect(all.rows.map((r) => r.id)).not.toContain(silent);
  });

  it('Mine, Unassigned and Waiting on customer hold what their names say', async () => {
    const agent = await userClient(USERS.acmeAgent, acme);
    const list = async (view: (typeof INBOX_VIEWS)[number], userId: string = USERS.acmeAgent) =>
      (await listInbox(agent, { view, userId, page: 1, pageSize: 500 })).rows.map((r) => r.id);
    expect(await list('mine')).toContain(mine.id);
    expect(await list('unassigned')).toEqual(expect.arrayContaining([longWait.id, shortWait.id]));
    expect(await list('unassigned')).not.toContain(mine.id);
    expect(await list('waiting_on_customer')).toContain(mine.id);
    expect(await list('resolved')).not.toContain(mine.id);
    const admin = await userClient('user_acme_admin', acme);
    const adminMine = (await listInbox(admin, { view: 'mine', userId: 'user_acme_admin', page: 1, pageSize: 500 })).rows.map((r) => r.id);
    expect(adminMine).not.toContain(mine.id);
  });

  it('every view count from inbox_counts() equals the rows the list pages through', async () => {
    const agent = await userClient(USERS.acmeAgent, acme);
    const counts = await getInboxCounts(agent);
    for (const view of INBOX_VIEWS) {
      const { total } = await listInbox(agent, { view, userId: USERS.acmeAgent, page: 1, pageSize: 1 });
      expect({ view, total }).toEqual({ view, total: counts[view] });
    }
    expect(counts.all).toBe(
      await value(`select count(*)::int as n from public.conversations where organization_id = '${ACME.id}' and last_visitor_message_at is not null`),
    );
  });

  it("a Globex agent's views and counts hold none of Acme's conversations", async () => {
    const outsider = await userClient(USERS.globexAgent, globex);
    for (const view of INBOX_VIEWS) {
      const { rows } = await listInbox(outsider, { view, userId: USERS.globexAgent, page: 1, pageSize: 500 });
      expect(rows.map((r) => r.id)).not.toEqual(expect.arrayContaining([longWait.id]));
    }
    expect((await getInboxCounts(outsider)).all).toBe(
      await value(
        `select count(*)::int as n from public.conversations where organization_id = '${GLOBEX.id}' and last_visitor_message_at is not null`,
      ),
    );
  });
});

describe('unread', () => {
  it('opening a conversation clears it for that member only, and the badge follows', async () => {
    const agent = await userClient(USERS.acmeAgent, acme);
    const admin = await userClient('user_acme_admin', acme);
    const unreadOf = async (client: typeof agent, userId: string) =>
      (await listInbox(client, { view: 'needs_reply', userId, page: 1, pageSize: 500 })).rows.find((r) => r.id === longWait.id)?.unread_count;
    expect(await unreadOf(agent, USERS.acmeAgent)).toBe(2);
    const before = (await getInboxCounts(agent)).unread;

    await markConversationRead(agent, { conversationId: longWait.id });
    expect(await unreadOf(agent, USERS.acmeAgent)).toBe(0);
    expect((await getInboxCounts(agent)).unread).toBe(before - 1);
    expect(await unreadOf(admin, 'user_acme_admin')).toBe(2);

    const { data } = await admin.from('conversation_reads').select('user_id, conversation_id').throwOnError();
    expect(data.map((r) => r.user_id)).not.toContain(USERS.acmeAgent);

    await sql(`insert into public.messages (organization_id, conversation_id, sender_type, body) values ($1, $2, 'visitor', 'Still there?')`, [
      ACME.id,
      longWait.id,
    ]);
    expect(await unreadOf(agent, USERS.acmeAgent)).toBe(1);
  });

  it("nobody marks another organization's conversation read", async () => {
    const outsider = await userClient(USERS.globexOwner, globex);
    const { data } = await outsider.rpc('mark_conversation_read', { p_conversation_id: shortWait.id }).throwOnError();
    expect(data).toBeNull();
    const rows = await sql('select 1 from public.conversation_reads where conversation_id = $1 and user_id = $2', [shortWait.id, USERS.globexOwner]);
    expect(rows).toHaveLength(0);
  });
});

describe('message search', () => {
  it("finds the organization's messages by a word, a page at a time", async () => {
    const agent = await userClient(USERS.acmeAgent, acme);
    const first = await searchMessages(agent, { query: word, page: 1, pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.rows).toHaveLength(2);
    const second = await searchMessages(agent, { query: word, page: 2, pageSize: 2 });
    expect(second.rows).toHaveLength(1);
    const ids = [...first.rows, ...second.rows].map((r) => r.conversation.id);
    expect(ids.sort()).toEqual([longWait.id, shortWait.id, mine.id].sort());
    expect((await searchMessages(agent, { query: `"refund ${word}"`, page: 1, pageSize: 10 })).rows.map((r) => r.conversation.id)).toEqual([mine.id]);
  });

  it("never finds another organization's messages", async () => {
    for (const [user, org] of [
      [USERS.globexAgent, globex],
      [USERS.consultant, globex],
    ] as const) {
      const outsider = await userClient(user, org);
      expect((await searchMessages(outsider, { query: word, page: 1, pageSize: 10 })).total).toBe(0);
    }
  });
});

describe("a customer's page", () => {
  it('shows the conversations, tickets, article views and events the ingestion API recorded', async () => {
    const agent = await userClient(USERS.acmeAgent, acme);
    const customer = await getCustomer(agent, { visitorId: longWait.visitor_id });
    expect(customer?.external_id).toMatch(/^inbox-crm-/);
    const history = await getCustomerHistory(agent, { visitorId: longWait.visitor_id, email: customer!.email });
    expect(history.conversations.rows.map((c) => c.id)).toEqual([longWait.id]);
    expect(history.events.rows.map((e) => e.name)).toEqual(['plan_upgraded']);
    expect(history.articleViews.rows.map((v) => v.title)).toEqual(['Billing help']);
  });

  it("is nobody's outside the organization", async () => {
    const outsider = await userClient(USERS.globexAgent, globex);
    expect(await getCustomer(outsider, { visitorId: longWait.visitor_id })).toBeNull();
    const history = await getCustomerHistory(outsider, { visitorId: longWait.visitor_id, email: null });
    expect([history.conversations.total, history.events.total, history.articleViews.total]).toEqual([0, 0, 0]);
  });
});
