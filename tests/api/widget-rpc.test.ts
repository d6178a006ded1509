import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACME } from '../helpers/seed';
import { anonClient, sql } from '../helpers/stack';

/**
 * The visitor API as the widget's functions will reach it: PostgREST RPC with the anon key only.
 * A visitor's token reaches its own conversation and nothing else, by any of these routes.
 */
const ORIGIN = 'https://acme.com';

async function startSession(websiteKey: string, origin: string) {
  const { data, error } = await anonClient().rpc('widget_start_session', { p_website_key: websiteKey, p_origin: origin });
  return { data: data as { session_token: string; conversation_id: string } | null, error };
}

async function post(token: string, body: string, clientMsgId = randomUUID()) {
  return anonClient().rpc('widget_chat_turn', { p_session_token: token, p_client_msg_id: clientMsgId, p_body: body });
}

describe('widget RPCs with the anon key', () => {
  it('an unknown website key and a disallowed origin are refused', async () => {
    expect((await startSession('wk_does_not_exist', ORIGIN)).error?.code).toBe('P0002');
    expect((await startSession('wk_acme_main', 'https://evil.example')).error?.code).toBe('42501');
  });

  it("a visitor's messages land in its own conversation, once per client_msg_id", async () => {
    const { data: session } = await startSession('wk_acme_main', ORIGIN);
    const id = randomUUID();
    const first = await post(session!.session_token, 'Where is my order?', id);
    const again = await post(session!.session_token, 'Where is my order?', id);
    expect(first.error).toBeNull();
    expect((again.data as { duplicate: boolean }).duplicate).toBe(true);
    const rows = await sql('select organization_id from public.messages where conversation_id = $1', [session!.conversation_id]);
    expect(rows).toEqual([{ organization_id: ACME.id }]);
  });

  it("one visitor's token never reads another visitor's conversation", async () => {
    const { data: alice } = await startSession('wk_acme_main', ORIGIN);
    const { data: bob } = await startSession('wk_acme_main', ORIGIN);
    await post(alice!.session_token, 'alice secret question');
    const { data } = await anonClient().rpc('widget_messages', { p_session_token: bob!.session_token });
    const view = data as { conversation: { id: string }; messages: { body: string }[] };
    expect(view.conversation.id).toBe(bob!.conversation_id);
    expect(view.messages.map((m) => m.body)).not.toContain('alice secret question');
  });

  it('a forged token is refused and writes nothing', async () => {
    const forged = `vst_${'0'.repeat(64)}`;
    const [before] = await sql<{ n: number }>('select count(*)::int as n from public.messages');
    const { error } = await post(forged, 'planted');
    expect(error?.code).toBe('28000');
    const [after] = await sql<{ n: number }>('select count(*)::int as n from public.messages');
    expect(after?.n).toBe(before?.n);
  });

  it('anon cannot call the AI job write path, even with a real question to answer', async () => {
    // a real conversation and the reply key of its visitor message: only the missing grant can refuse
    const { data: session } = await startSession('wk_acme_main', ORIGIN);
    const question = randomUUID();
    expect((await post(session!.session_token, 'Do you ship to Canada?', question)).error).toBeNull();
    const { error, status } = await anonClient().rpc('store_ai_reply', {
      p_conversation_id: session!.conversation_id,
      p_client_msg_id: question,
      p_body: 'forged AI answer',
    });
    expect(status).toBe(401);
    expect(error?.code).toBe('42501');
    expect(error?.message).toContain('permission denied for function store_ai_reply');
    const answers = await sql("select 1 from public.messages where conversation_id = $1 and sender_type = 'ai'", [session!.conversation_id]);
    expect(answers).toEqual([]);
  });

  it('anon reads none of the visitor tables directly: no privilege, whatever the policies', async () => {
    const client = anonClient();
    for (const table of ['visitor_sessions', 'website_secrets', 'messages'] as const) {
      const { data, error, status } = await client.from(table).select('*');
      expect(status, table).toBe(401);
      expect(error?.code, table).toBe('42501');
      expect(data, table).toBeNull();
    }
  });
});
