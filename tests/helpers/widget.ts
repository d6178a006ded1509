import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { projectRoot } from '@/scripts/stack/config';
import { config } from './stack';

/** The widget's side of the Edge Functions, as a browser on a customer site calls them. */
export const functionsUrl = `${config.apiUrl}/functions/v1`;

/**
 * Client IPs of this test file alone (the test gateway trusts X-Forwarded-For, and the functions'
 * per-IP limits last a window longer than a file's run): 172.(16+range).(file).(n), where file is
 * the test file's place among all test files and range one per prefix the file asks for, so files
 * in any order, and the ranges within a file, never share an address. The prefix names the range.
 */
const testFiles = readdirSync(path.join(projectRoot, 'tests'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join(projectRoot, 'tests', f))
  .sort();

function fileIndex(): number {
  const file = expect.getState().testPath;
  const i = file === undefined ? -1 : testFiles.indexOf(path.resolve(file));
  if (i === -1 || i > 253) throw new Error(`client IPs are per test file: ${file ?? 'outside a test file'} is not among tests/**/*.test.ts`);
  return i + 1;
}

const ranges: string[] = [];
let ipCounter = 0;
/** A distinct client IP per caller, in a range of this file's own (one per prefix, at most 15). */
export function nextIp(prefix = 'default'): string {
  if (!ranges.includes(prefix)) ranges.push(prefix);
  const range = ranges.indexOf(prefix);
  if (range > 14) throw new Error('at most 15 IP ranges per test file');
  ipCounter += 1;
  return `172.${16 + range}.${fileIndex()}.${(ipCounter % 250) + 1}`;
}

/** The address of callers that name none: one per file, apart from every nextIp() range. */
const fileIp = () => `172.31.${fileIndex()}.1`;

export interface CallOptions {
  ip?: string;
  origin?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function post(name: string, body: unknown, { ip, origin, headers, signal }: CallOptions = {}) {
  return fetch(`${functionsUrl}/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': ip ?? fileIp(),
      ...(origin ? { origin } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

export interface Session {
  session_token: string;
  conversation_id: string;
  visitor_id: string;
  resumed: boolean;
  conversation: { id: string; is_escalated: boolean; ticket_ref: string | null };
  messages: { id: string; sender_type: string; body: string; sources: { id: string; title: string }[] }[];
}

export async function startSession(websiteKey = 'wk_acme_main', origin = 'https://acme.com', extra: object = {}, ip?: string) {
  const res = await post('widget-session', { website_key: websiteKey, ...extra }, { origin, ip: ip ?? nextIp() });
  if (res.status !== 200) throw new Error(`widget-session ${res.status}: ${await res.text()}`);
  return (await res.json()) as Session;
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a whole SSE response into its events (eventsource-parser does the framing). */
export async function readEvents(res: Response, onEvent?: (e: SseEvent) => void): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const e = { event: message.event ?? 'message', data: JSON.parse(message.data) as Record<string, unknown> };
      events.push(e);
      onEvent?.(e);
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

export async function chat(sessionToken: string, clientMsgId: string, body: string, options: CallOptions = {}) {
  const res = await post('chat', { session_token: sessionToken, client_msg_id: clientMsgId, body }, options);
  return { res, events: res.status === 200 ? await readEvents(res) : [] };
}

export const doneOf = (events: SseEvent[]) => events.find((e) => e.event === 'done')?.data;
export const textOf = (events: SseEvent[]) =>
  events
    .filter((e) => e.event === 'delta')
    .map((e) => e.data.text)
    .join('');
