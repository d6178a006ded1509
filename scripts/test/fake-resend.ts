import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';

/**
 * A local stand-in for Resend's HTTP API (api.resend.com cannot be reached from tests), speaking
 * its wire format: POST /emails with `Authorization: Bearer re_…`, an optional `Idempotency-Key`,
 * a JSON body {from, to[], subject, html, text, headers}; 200 {id} on success, errors as
 * {statusCode, name, message}. As Resend does, a repeated Idempotency-Key with the same body
 * answers the first send's id without sending again, and with another body answers 409
 * `invalid_idempotent_request`. Accepted email is relayed over SMTP into the stack's MailDev, so
 * tests read it where they read everything else.
 *
 * Failure injection, per request number (1-based, counted over POST /emails):
 *   - failBefore: answer 500 without sending (the provider is down);
 *   - failAfter: send, then answer 504 (the answer is lost on the way, as when the sender crashes
 *     between the send and marking the outbox row: the row is sent again later). A dropped
 *     connection would not do here: Deno's fetch repeats the request at once by itself.
 */
export interface FakeResend {
  baseUrl: string;
  apiKey: string;
  requests: { idempotencyKey: string | undefined; to: string[]; subject: string }[];
  /** how many emails were really relayed, per Idempotency-Key */
  delivered: Map<string, number>;
  failBefore: Set<number>;
  failAfter: Set<number>;
  close(): Promise<void>;
}

interface ResendBody {
  from: string;
  to: string[] | string;
  subject: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
}

export async function startFakeResend(smtp: { host: string; port: number }): Promise<FakeResend> {
  const relay = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
  const seen = new Map<string, { body: string; id: string }>();
  const fake: FakeResend = {
    baseUrl: '',
    apiKey: 're_test_fake',
    requests: [],
    delivered: new Map(),
    failBefore: new Set(),
    failAfter: new Set(),
    close: () =>
      new Promise((resolve) => {
        relay.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const error = (res: http.ServerResponse, statusCode: number, name: string, message: string) => {
    res.writeHead(statusCode, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode, name, message }));
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      void (async () => {
        if (req.method !== 'POST' || req.url !== '/emails') return error(res, 404, 'not_found', 'The requested endpoint does not exist.');
        if (req.headers.authorization !== `Bearer ${fake.apiKey}`)
          return error(res, 401, 'missing_api_key', 'Missing API key in the authorization header.');
        const key = req.headers['idempotency-key'] as string | undefined;
        let body: ResendBody;
        try {
          body = JSON.parse(raw) as ResendBody;
        } catch {
          return error(res, 422, 'validation_error', 'Invalid JSON body.');
        }
        const to = Array.isArray(body.to) ? body.to : [body.to];
        fake.requests.push({ idempotencyKey: key, to, subject: body.subject });
        const n = fake.requests.length;
        if (fake.failBefore.has(n)) return error(res, 500, 'application_error', 'An unexpected error occurred.');
        if (key) {
          const earlier = seen.get(key);
          if (earlier && earlier.body !== raw)
            return error(res, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
          if (earlier) {
            res.writeHead(200, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ id: earlier.id }));
          }
        }
        const id = randomUUID();
        await relay.sendMail({ from: body.from, to, subject: body.subject, html: body.html, text: body.text, headers: body.headers });
        if (key) {
          seen.set(key, { body: raw, id });
          fake.delivered.set(key, (fake.delivered.get(key) ?? 0) + 1);
        }
        if (fake.failAfter.has(n)) return error(res, 504, 'gateway_timeout', 'The upstream did not answer in time.');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      })().catch((e: unknown) => error(res, 500, 'application_error', e instanceof Error ? e.message : String(e)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
