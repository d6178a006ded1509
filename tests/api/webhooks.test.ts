import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { keys, sql, userClient } from '../helpers/stack';
import { nextIp, post, startSession } from '../helpers/widget';

/**
 * Signed outbound webhooks end to end: a trigger writes the outbox row with the event, the
 * webhook-sender function (its own runtime, with WEBHOOK_ALLOW_LOOPBACK=1 so a receiver on
 * 127.0.0.1 is allowed) signs it in the Standard Webhooks format, and a local receiver verifies it
 * with the `standardwebhooks` library. A 500 is retried with backoff, an admin's redelivery sends
 * the same webhook-id again, rotation switches the key, and private targets are refused.
 */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Status codes to answer, in order, for a body mentioning the key (then 200). */
const scripted = new Map<string, number[]>();
let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;
const endpoints: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body });
      const key = [...scripted.keys()].find((k) => body.includes(k));
      const status = (key && scripted.get(key)?.shift()) || 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'thanks, got it' : 'receiver exploded');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  runtime = await startFunctionsRuntime({ WEBHOOK_ALLOW_LOOPBACK: '1' });
}, 120_000);

afterAll(async () => {
  if (endpoints.length) await sql('delete from public.webhook_endpoints where id = any($1)', [endpoints]);
  await runtime?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const admin = () => userClient('user_acme_admin', ACME);

async function createEndpoint(url: string, events: ('conversation.created' | 'message.created' | 'ticket.resolved' | 'csat.received')[]) {
  const { data, error } = await (await admin()).rpc('create_webhook_endpoint', { p_url: url, p_events: events, p_description: 'test receiver' });
  expect(error).toBeNull();
  const row = data![0]!;
  endpoints.push(row.id);
  return row;
}

async function runSender(): Promise<{ succeeded: number; retried: number; failed: number }> {
  const res = await fetch(`${runtime.url}/webhook-sender`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${keys.cronSecret}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { succeeded: number; retried: number; failed: number };
}

async function newConversation() {
  const [row] = await sql<{ id: string }>(`insert into public.conversations (organization_id, website_id) values ($1, $2) returning id`, [
    ACME.id,
    ACME.websites.main,
  ]);
  return row!.id;
}

async function deliveriesOf(endpoint: string, key: string) {
  return sql<{
    id: string;
    event_type: string;
    status: string;
    attempts: number;
    response_status: number | null;
    response_excerpt: string | null;
    error_message: string | null;
    due_in_seconds: number | null;
  }>(
    `select id, event_type::text, status::text, attempts, response_status, response_excerpt, error_message,
            extract(epoch from next_attempt_at - now())::float8 as due_in_seconds
     from public.webhook_deliveries where endpoint_id = $1 and payload::text like '%' || $2 || '%' order by created_at`,
    [endpoint, key],
  );
}

const headersOf = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});

describe('the webhook-sender function', () => {
  let endpoint: { id: string; secret: string };

  beforeAll(async () => {
    endpoint = await createEndpoint(receiverUrl, ['conversation.created', 'message.created']);
  });

  it('refuses a caller without the cron secret', async () => {
    const res = await fetch(`${runtime.url}/webhook-sender`, { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('delivers a conversation.created signed so standardwebhooks verifies it, and a tampered body is refused', async () => {
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const conversation = await newConversation();
    const [queued] = await deliveriesOf(endpoint.id, conversation);
    expect(queued).toMatchObject({ event_type: 'conversation.created', status: 'pending', attempts: 0 });

    await runSender();
    const request = received.find((r) => r.headers['webhook-id'] === queued!.id);
    expect(request).toBeDefined();
    const payload = new Webhook(endpoint.secret).verify(request!.body, headersOf(request!)) as {
      type: string;
      data: Record<string, string>;
    };
    expect(payload.type).toBe('conversation.created');
    expect(payload.data).toMatchObject({ organization_id: ACME.id, conversation_id: conversation });

    const tampered = request!.body.replace(conversation, randomUUID());
    expect(() => new Webhook(endpoint.secret).verify(tampered, headersOf(request!))).toThrow();
    const otherSecret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
    expect(() => new Webhook(otherSecret).verify(request!.body, headersOf(request!))).toThrow();

    const [done] = await deliveriesOf(endpoint.id, conversation);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, response_status: 200, response_excerpt: 'thanks, got it', error_message: null });
  });

  it('retries a delivery the receiver answered 500 with backoff, then succeeds', async () => {
    const conversation = await newConversation();
    const [message] = await sql<{ id: string }>(
      `insert into public.messages (organization_id, conversation_id, sender_type, body) values ($1, $2, 'visitor', 'Hello') returning id`,
      [ACME.id, conversation],
    );
    scripted.set(message!.id, [500]);
    await runSender();
    let [delivery] = await deliveriesOf(endpoint.id, message!.id);
    expect(delivery).toMatchObject({ event_type: 'message.created', status: 'pending', attempts: 1, response_status: 500 });
    expect(delivery!.response_excerpt).toBe('receiver exploded');
    expect(delivery!.error_message).toContain('500');
    // the first retry waits 30 s: a run now leaves it alone
    expect(delivery!.due_in_seconds).toBeGreaterThan(20);
    await runSender();
    [delivery] = await deliveriesOf(endpoint.id, message!.id);
    expect(delivery!.attempts).toBe(1);

    await sql(`update public.webhook_deliveries set next_attempt_at = now() where id = $1`, [delivery!.id]);
    await runSender();
    [delivery] = await deliveriesOf(endpoint.id, message!.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2, response_status: 200, error_message: null });
    const attempts = received.filter((r) => r.headers['webhook-id'] === delivery!.id);
    expect(attempts).toHaveLength(2);
    for (const r of attempts) expect(() => new Webhook(endpoint.secret).verify(r.body, headersOf(r))).not.toThrow();
  });

  it('stops retrying after six attempts', async () => {
    const conversation = await newConversation();
    scripted.set(conversation, Array<number>(6).fill(503));
    for (let i = 0; i < 6; i += 1) {
      await sql(
        `update public.webhook_deliveries set next_attempt_at = now() where endpoint_id = $1 and status = 'pending' and payload::text like $2`,
        [endpoint.id, `%${conversation}%`],
      );
      await runSender();
    }
    const [delivery] = await deliveriesOf(endpoint.id, conversation);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 6, response_status: 503, due_in_seconds: null });
  });

  it('redelivers by hand with the same webhook-id; only admins of the organization may', async () => {
    const conversation = await newConversation();
    await runSender();
    const [delivery] = await deliveriesOf(endpoint.id, conversation);
    expect(delivery!.status).toBe('succeeded');

    const agent = await userClient(USERS.acmeAgent, ACME);
    expect((await agent.rpc('redeliver_webhook', { p_delivery: delivery!.id })).error?.code).toBe('42501');
    const globex = await userClient(USERS.globexOwner, GLOBEX);
    expect((await globex.rpc('redeliver_webhook', { p_delivery: delivery!.id })).error?.code).toBe('P0002');

    const { error } = await (await admin()).rpc('redeliver_webhook', { p_delivery: delivery!.id });
    expect(error).toBeNull();
    expect((await deliveriesOf(endpoint.id, conversation))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    await runSender();
    expect((await deliveriesOf(endpoint.id, conversation))[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
    const sent = received.filter((r) => r.headers['webhook-id'] === delivery!.id);
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1]!.body)).toEqual(JSON.parse(sent[0]!.body));
  });

  it('never shows the secret again; rotating signs with the new one only', async () => {
    const { data } = await (await admin()).from('webhook_endpoints').select('*').eq('id', endpoint.id).single();
    expect(JSON.stringify(data)).not.toContain(endpoint.secret.slice(6, 20));
    expect(data!.secret_hint).toBe(endpoint.secret.slice(-4));

    const { data: rotated, error } = await (await admin()).rpc('rotate_webhook_secret', { p_endpoint: endpoint.id });
    expect(error).toBeNull();
    expect(rotated).not.toBe(endpoint.secret);
    const conversation = await newConversation();
    await runSender();
    const [delivery] = await deliveriesOf(endpoint.id, conversation);
    const request = received.find((r) => r.headers['webhook-id'] === delivery!.id)!;
    expect(() => new Webhook(rotated!).verify(request.body, headersOf(request))).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(request.body, headersOf(request))).toThrow();
    endpoint.secret = rotated!;
  });
});

describe('csat.received', () => {
  it("a visitor's rating in the widget reaches a subscribed endpoint, signed, with the score and ids", async () => {
    const endpoint = await createEndpoint(receiverUrl, ['csat.received']);
    const s = await startSession('wk_acme_main', 'https://acme.com', {}, nextIp('csat'));
    const agent = await userClient(USERS.acmeAgent, ACME);
    await agent.rpc('take_over_conversation', { p_conversation_id: s.conversation_id }).throwOnError();
    await agent.rpc('resolve_conversation', { p_conversation_id: s.conversation_id }).throwOnError();
    const rated = await post('widget-rate', { session_token: s.session_token, csat: 5, comment: 'Lovely' }, { ip: nextIp('csat') });
    expect(rated.status).toBe(200);

    const [queued] = await deliveriesOf(endpoint.id, s.conversation_id);
    expect(queued).toMatchObject({ event_type: 'csat.received', status: 'pending' });
    await runSender();
    const request = received.find((r) => r.headers['webhook-id'] === queued!.id);
    expect(request).toBeDefined();
    const payload = new Webhook(endpoint.secret).verify(request!.body, headersOf(request!)) as { type: string; data: Record<string, unknown> };
    const [rating] = await sql<{ id: string; resolution_id: string }>(
      'select id, resolution_id from public.csat_ratings where conversation_id = $1',
      [s.conversation_id],
    );
    expect(payload).toMatchObject({
      type: 'csat.received',
      data: {
        organization_id: ACME.id,
        conversation_id: s.conversation_id,
        rating_id: rating!.id,
        resolution_id: rating!.resolution_id,
        agent_id: USERS.acmeAgent,
        rating: 5,
        has_comment: true,
      },
    });
    expect(request!.body).not.toContain('Lovely');
  });
});

describe('the SSRF guard', () => {
  it.each([
    ['http://10.0.0.7/hook', 'private or reserved'],
    ['https://169.254.169.254/latest/meta-data', 'private or reserved'],
    ['https://[::ffff:192.168.1.1]/x', 'private or reserved'],
    ['https://192.168.0.1/x', 'private or reserved'],
  ])('refuses %s without sending it', async (url, reason) => {
    const endpoint = await createEndpoint(url, ['conversation.created']);
    const conversation = await newConversation();
    await runSender();
    const [delivery] = await deliveriesOf(endpoint.id, conversation);
    expect(delivery!.error_message).toContain(reason);
    expect(delivery!.response_status).toBeNull();
    await sql('delete from public.webhook_endpoints where id = $1', [endpoint.id]);
  });
});
