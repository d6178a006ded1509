import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../helpers/ingest';
import { config, keys, sql, tokenFor } from '../helpers/stack';
import { functionsUrl, nextIp, startSession } from '../helpers/widget';

/**
 * Scenario 5 of the reliability battery (RELIABILITY.md): hostile input at every boundary. Each
 * Edge Function and each RPC that anon or authenticated may execute (read from the catalog, so a
 * new one is fuzzed the day it lands) gets arbitrary JSON, its own fields with wrong types, huge,
 * empty and unicode-edge values (lone surrogates, NUL, RTL marks), wrong content types and
 * methods, real and made-up credentials. What must hold for every request: no 5xx, an answer
 * within the timeout, every refusal in the documented shape (`{ error: { code, message } }` from
 * the functions, PostgREST's `{ code, message, details, hint }` from the RPCs), and nothing
 * written for a refused request: the row count of every table and a fingerprint of the catalog
 * are the same after it as before it.
 *
 * `npm test` runs a few cases per boundary (well under a minute); `npm run fuzz` runs FUZZ_RUNS
 * (default 300) per boundary. A failure prints fast-check's seed and the shrunk input; each one
 * found is kept in `regressions` below and replayed on every run.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 0;
const functionRuns = RUNS || 10;
const rpcRuns = RUNS || 4;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** The slowest legitimate answer (a chat turn streaming the local AI's reply) stays far below this. */
const REQUEST_TIMEOUT_MS = 20_000;

const functionsDir = path.join(process.cwd(), 'supabase/functions');
const functionNames = readdirSync(functionsDir).filter(
  (name) => !name.startsWith('_') && statSync(path.join(functionsDir, name, 'index.ts'), { throwIfNoEntry: false }),
);

// ---------------------------------------------------------------------------------------------
// What was written: one count per table of public and private, and a fingerprint of the catalog
// (relations, functions, policies, roles, grants). Tables that record refusals by design are left
// out, each with its reason.
// ---------------------------------------------------------------------------------------------

const recordsRefusals: Record<string, string> = {
  // widget-session records the origins it refused, so an admin sees a misconfigured site (README, "Widget")
  'public.website_refused_origins': 'the record of refused widget origins',
};

let db: pg.Client;
let countQuery = '';

async function snapshot(): Promise<string> {
  const { rows } = await db.query<{ t: string; n: string }>(countQuery);
  return rows.map((r) => `${r.t}=${r.n}`).join('\n');
}

function diff(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  return after
    .split('\n')
    .filter((line) => !a.has(line))
    .join(', ');
}

// ---------------------------------------------------------------------------------------------
// The fixture: an organization of this file's own (random slug), its owner, a website, a live
// widget session and an API key, so fuzzed requests also reach past the credential checks.
// ---------------------------------------------------------------------------------------------

const tag = randomUUID().slice(0, 8);
const ownerId = `user_fuzz_${tag}`;
const origin = `https://${tag}.fuzz.example`;
const fixture = { orgId: '', websiteKey: '', sessionToken: '', apiKey: '', userToken: '', messageId: '' };

beforeAll(async () => {
  db = new pg.Client({ connectionString: config.db.url });
  await db.connect();
  const [row] = await sql<{ id: string }>("insert into public.organizations (slug, name, ticket_prefix) values ($1, $2, 'FZZ') returning id", [
    `fuzz-${tag}`,
    `Fuzz ${tag}`,
  ]);
  fixture.orgId = row!.id;
  await sql('insert into public.users (id, email, name) values ($1, $2, $3)', [ownerId, `${ownerId}@fuzz.example`, 'Fuzz Owner']);
  await sql("insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'owner')", [fixture.orgId, ownerId]);
  const [site] = await sql<{ public_key: string }>(
    'insert into public.websites (organization_id, domain, name, allowed_origins) values ($1, $2, $3, $4) returning public_key',
    [fixture.orgId, `${tag}.fuzz.example`, `Fuzz ${tag}`, [origin]],
  );
  fixture.websiteKey = site!.public_key;
  const session = await startSession(fixture.websiteKey, origin, {}, nextIp('setup'));
  fixture.sessionToken = session.session_token;
  fixture.messageId = session.messages[0]?.id ?? randomUUID();
  const org = { id: fixture.orgId, slug: `fuzz-${tag}` };
  fixture.apiKey = (await createApiKey(ownerId, org, ['ingest:write', 'read'])).key;
  fixture.userToken = await tokenFor(ownerId, { ...org, role: 'owner' });

  const tables = await sql<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in ('public', 'private') and not c.relispartition order by 1`,
  );
  const counted = tables.map((t) => t.name).filter((name) => !(name in recordsRefusals));
  const catalog = `select 'catalog' as t, md5(concat_ws('|',
      (select string_agg(format('%s.%s:%s', relnamespace::regnamespace, relname, relkind), ',' order by 1) from pg_class where relnamespace::regnamespace::text not like 'pg\\_%'),
      (select string_agg(p.oid::regprocedure::text || coalesce(array_to_string(p.proacl, ','), ''), ',' order by 1) from pg_proc p where pronamespace::regnamespace::text not like 'pg\\_%'),
      (select string_agg(format('%s:%s', polrelid::regclass, polname), ',' order by 1) from pg_policy),
      (select string_agg(rolname, ',' order by 1) from pg_roles),
      (select string_agg(format('%s:%s', c.oid::regclass, array_to_string(c.relacl, ',')), ',' order by 1) from pg_class c where relnamespace::regnamespace::text in ('public', 'private'))
    )) as n`;
  countQuery = [...counted.map((name) => `select '${name}' as t, count(*)::text as n from ${name}`), catalog].join(' union all ');
});

afterAll(async () => {
  await db?.end();
});

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

/** Strings that broke parsers elsewhere: NUL, lone surrogates, RTL/zero-width marks, SQL and path bits. */
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  'a\u0000b',
  '\u202e\u200b\ufeff',
  '🙂'.repeat(300),
  "'; drop table public.messages; --",
  '../../etc/passwd',
  '%00%ff',
  '${7*7}{{7*7}}',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  '2026-13-45T25:61:00Z',
  'infinity',
  '-infinity',
  '{}',
  '[]',
);

const huge = fc.constantFrom(10_000, 70_000, 300_000).map((n) => 'x'.repeat(n));
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 200 }), nasty, { arbitrary: huge, weight: 1 });
const anything = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
  { arbitrary: text, weight: 4 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, -0, 0.5), weight: 2 },
  { arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2000 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })), weight: 1 },
);
const uuidish = fc.oneof(fc.uuid(), fc.constant('00000000-0000-0000-0000-000000000000'), anything);

/** Header values must be ByteStrings (fetch refuses others before sending): printable ASCII. */
const headerText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  nasty.filter((s) => /^[\x20-\x7e]*$/.test(s)),
);

// ---------------------------------------------------------------------------------------------
// Edge Functions
// ---------------------------------------------------------------------------------------------

/** Field names the functions read, each with a value that is sometimes right and often not. */
function fields() {
  const valid = {
    session_token: fc.constant(fixture.sessionToken),
    website_key: fc.constant(fixture.websiteKey),
    client_msg_id: fc.uuid(),
    body: fc.string({ minLength: 1, maxLength: 50 }),
    message_id: fc.constant(fixture.messageId),
    rating: fc.constantFrom(1, -1),
    email: fc.emailAddress(),
    name: fc.string({ maxLength: 20 }),
    reason: fc.constantFrom('visitor_request', 'Bad Reason'),
    after: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    domain: fc.domain(),
    token: headerText,
    limit: fc.integer({ min: -5, max: 200 }),
    force: fc.boolean(),
    organization_id: fc.constantFrom(fixture.orgId, randomUUID()),
    idle_minutes: fc.integer(),
    items: fc.array(
      fc.record(
        { type: fc.constantFrom('event', 'article', 'conversation', 'x'), idempotency_key: headerText, data: anything },
        { requiredKeys: [] },
      ),
      { maxLength: 5 },
    ),
    identity: fc.record({ external_id: text, email: text, hmac: text }, { requiredKeys: [] }),
    object: fc.constantFrom('page', 'instagram'),
    entry: fc.array(fc.record({ id: headerText, messaging: fc.array(anything, { maxLength: 3 }) }), { maxLength: 3 }),
    type: fc.constantFrom('user.created', 'organization.deleted', 'x'),
    data: fc.record({ id: headerText }),
    event_name: headerText,
  };
  const entries = Object.entries(valid).map(([key, arb]) => [key, fc.oneof(arb, anything)] as const);
  return fc.record(Object.fromEntries(entries), { requiredKeys: [] });
}

interface FuzzedRequest {
  method: string;
  contentType: string | undefined;
  body: string | Uint8Array | undefined;
  query: Record<string, string>;
  headers: Record<string, string>;
}

function functionRequest(): fc.Arbitrary<FuzzedRequest> {
  return fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
    contentType: fc.option(
      fc.constantFrom(
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/jsonp',
      ),
      { nil: undefined },
    ),
    body: fc.oneof(
      { arbitrary: fields().map((o) => JSON.stringify(o)), weight: 6 },
      { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 1 },
      { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 1 },
      { arbitrary: fc.constantFrom('', ' ', '{', '[1,', '{"session_token":', 'null', '"\\ud800"', '1e999999'), weight: 1 },
      { arbitrary: huge.map((s) => JSON.stringify({ body: s, items: [s] })), weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    ),
    query: fc.dictionary(
      fc.constantFrom('idempotency_key', 'hub.mode', 'hub.verify_token', 'hub.challenge', 'token', 'x'),
      text.filter((s) => s.length < 2000),
      {
        maxKeys: 3,
      },
    ),
    headers: fc.record(
      {
        authorization: fc.oneof(
          fc.constant(`Bearer ${fixture.apiKey}`),
          fc.constant(`Bearer ${fixture.userToken}`),
          fc.constant(`Bearer ${keys.anonKey}`),
          fc.constant('Bearer ck_live_00000000deadbeef'),
          headerText.map((s) => `Bearer ${s}`),
          headerText,
        ),
        'x-api-key': fc.oneof(fc.constant(fixture.apiKey), headerText),
        origin: fc.oneof(fc.constant(origin), fc.constant('https://evil.example'), headerText),
        'x-hub-signature-256': headerText.map((s) => `sha256=${s}`),
        'x-zevent-signature': headerText,
        'svix-id': headerText,
        'svix-timestamp': fc.oneof(fc.integer().map(String), headerText),
        'svix-signature': headerText,
        'content-length': fc.constantFrom('0', '-1', '99999999999', 'abc'),
      },
      { requiredKeys: [] },
    ),
  });
}

interface Outcome {
  status: number;
  text: string;
}

async function send(url: string, init: RequestInit): Promise<Outcome> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: res.status, text: await res.text() };
}

async function callFunction(name: string, req: FuzzedRequest): Promise<Outcome> {
  const url = new URL(`${functionsUrl}/${name}`);
  for (const [k, v] of Object.entries(req.query)) url.searchParams.set(k, v);
  const headers: Record<string, string> = { 'x-forwarded-for': nextIp('fuzz'), ...req.headers };
  // fetch computes the length itself; a made-up one would only make undici refuse to send
  delete headers['content-length'];
  if (req.contentType) headers['content-type'] = req.contentType;
  const hasBody = req.body !== undefined && req.method !== 'GET';
  return send(url.toString(), { method: req.method, headers, body: hasBody ? (req.body as BodyInit) : undefined });
}

function errorShapeOfFunction(outcome: Outcome): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.text);
  } catch {
    return `not JSON: ${outcome.text.slice(0, 200)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!error || typeof error.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(error.code) || typeof error.message !== 'string' || !error.message) {
    return `not { error: { code, message } }: ${outcome.text.slice(0, 200)}`;
  }
  return null;
}

/** Sends req, then checks what must hold; returns what went wrong (for fast-check to shrink on). */
async function checkFunction(name: string, req: FuzzedRequest): Promise<string | null> {
  const before = await snapshot();
  const outcome = await callFunction(name, req);
  if (outcome.status >= 500) return `${outcome.status}: ${outcome.text.slice(0, 300)}`;
  if (outcome.status < 400) return null;
  const shape = errorShapeOfFunction(outcome);
  if (shape) return `${outcome.status} ${shape}`;
  const written = diff(before, await snapshot());
  return written ? `refused with ${outcome.status} but wrote: ${written}` : null;
}

/**
 * Inputs that once failed here, replayed on every run (function, request). Empty until the
 * battery finds one; each entry names what it broke and the commit that fixed it.
 */
const functionRegressions: [string, FuzzedRequest][] = [];

const functionsLog = path.join(config.paths.logs, 'functions.log');
let functionsLogStart = 0;

describe('fuzzing the Edge Functions', () => {
  beforeAll(() => {
    functionsLogStart = statSync(functionsLog, { throwIfNoEntry: false })?.size ?? 0;
  });

  it('finds every function', () => {
    expect(functionNames).toEqual(expect.arrayContaining(['chat', 'ingest', 'widget-session', 'facebook-webhook', 'clerk-webhook']));
  });

  it.each(functionNames)(
    '%s: no 5xx, refusals in the error shape, nothing written for a refusal',
    async (name) => {
      for (const [fn, req] of functionRegressions.filter(([fn]) => fn === name)) expect(await checkFunction(fn, req)).toBeNull();
      await fc.assert(
        fc.asyncProperty(functionRequest(), async (req) => {
          const problem = await checkFunction(name, req);
          if (problem) throw new Error(problem);
        }),
        { numRuns: functionRuns, seed: SEED, endOnFailure: RUNS > 0 },
      );
    },
    60_000 + functionRuns * 3_000,
  );

  it('left no unhandled rejection or uncaught error in the functions runtime', async () => {
    const res = await fetch(`${functionsUrl}/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(res.status).toBe(200);
    const log = readFileSync(functionsLog, 'utf8').slice(functionsLogStart);
    expect(log).not.toMatch(/uncaught|unhandled|panicked/i);
  });
});

// ---------------------------------------------------------------------------------------------
// RPCs: every function in public that anon or authenticated may execute
// ---------------------------------------------------------------------------------------------

interface Rpc {
  name: string;
  args: { name: string; type: string }[];
  anon: boolean;
  authenticated: boolean;
  volatile: boolean;
}

const rpcs: Rpc[] = await sql<Rpc>(
  `select p.proname as name,
          coalesce((select json_agg(json_build_object('name', a.name, 'type', format_type(a.type, null)) order by a.ord)
             from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as a(name, type, ord)), '[]') as args,
          has_function_privilege('anon', p.oid, 'execute') as anon,
          has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
          p.provolatile = 'v' as volatile
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prokind = 'f'
      and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
    order by 1`,
);

function valueFor(type: string): fc.Arbitrary<unknown> {
  const right: Record<string, fc.Arbitrary<unknown>> = {
    uuid: fc.oneof(fc.uuid(), fc.constant(fixture.orgId), fc.constant(fixture.messageId)),
    text: fc.oneof(text, fc.constant(fixture.sessionToken), fc.constant(fixture.websiteKey), fc.constant(fixture.apiKey), fc.constant(origin)),
    integer: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, 1e20, 0.5)),
    boolean: fc.boolean(),
    'timestamp with time zone': fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('infinity', '-infinity', '0001-01-01T00:00:00Z', '294276-12-31T23:59:59Z'),
    ),
    jsonb: fc.jsonValue({ maxDepth: 3 }),
    'text[]': fc.array(fc.oneof(text, fc.constantFrom('ingest:write', 'read', 'admin')), { maxLength: 5 }),
  };
  return fc.oneof({ arbitrary: right[type] ?? anything, weight: 3 }, { arbitrary: anything, weight: 2 }, { arbitrary: uuidish, weight: 1 });
}

interface RpcRequest {
  as: 'anon' | 'authenticated' | 'garbage';
  method: 'POST' | 'GET';
  contentType: string;
  args: Record<string, unknown>;
  extra: Record<string, unknown>;
}

function rpcRequest(rpc: Rpc): fc.Arbitrary<RpcRequest> {
  const args = fc.record(Object.fromEntries(rpc.args.map((a) => [a.name, valueFor(a.type)])), { requiredKeys: [] });
  return fc.record({
    as: fc.constantFrom<RpcRequest['as']>('anon', 'authenticated', 'authenticated', 'garbage'),
    method: fc.constantFrom<RpcRequest['method']>('POST', 'POST', 'POST', 'GET'),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
    ),
    args,
    extra: fc.oneof(
      { arbitrary: fc.constant({}), weight: 4 },
      { arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), anything, { maxKeys: 2 }), weight: 1 },
    ),
  });
}

async function callRpc(rpc: Rpc, req: RpcRequest): Promise<Outcome> {
  const bearer = { anon: keys.anonKey, authenticated: fixture.userToken, garbage: 'not.a.jwt' }[req.as];
  const headers: Record<string, string> = { apikey: keys.anonKey, authorization: `Bearer ${bearer}` };
  const url = new URL(`${config.apiUrl}/rest/v1/rpc/${rpc.name}`);
  const all = { ...req.extra, ...req.args };
  if (req.method === 'GET') {
    for (const [k, v] of Object.entries(all)) url.searchParams.set(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
    return send(url.toString(), { method: 'GET', headers });
  }
  headers['content-type'] = req.contentType;
  return send(url.toString(), { method: 'POST', headers, body: JSON.stringify(all) });
}

/** Refused by the HTTP layer before any application code (URL or headers over its limits). */
const transportRefusals = new Set([413, 414, 431]);

async function checkRpc(rpc: Rpc, req: RpcRequest): Promise<string | null> {
  const before = await snapshot();
  const outcome = await callRpc(rpc, req);
  if (outcome.status < 400) return null;
  if (transportRefusals.has(outcome.status) && !outcome.text) return diff(before, await snapshot()) || null;
  let parsed: { code?: unknown; message?: unknown } | null;
  try {
    parsed = JSON.parse(outcome.text) as { code?: unknown; message?: unknown } | null;
  } catch {
    return `${outcome.status} not JSON: ${outcome.text.slice(0, 200)}`;
  }
  if (typeof parsed?.code !== 'string' || typeof parsed.message !== 'string')
    return `${outcome.status} not PostgREST's error shape: ${outcome.text.slice(0, 200)}`;
  // deliberate refusals (not found, not in a state for it) are 4xx too: the RPCs raise them
  // through private.refuse (migration 20261205060000), which PostgREST answers with their status
  if (outcome.status >= 500) return `${outcome.status}: ${outcome.text.slice(0, 300)}`;
  const written = diff(before, await snapshot());
  return written ? `refused with ${outcome.status} but wrote: ${written}` : null;
}

/** Inputs that once failed here, replayed on every run (RPC name, request), with what they broke. */
const rpcRegressions: [string, RpcRequest][] = [
  // a refused token with a 300 KB body: PostgREST answered 401 unread, the local gateway turned it into 502
  ['help_center', { as: 'garbage', method: 'POST', contentType: 'application/json', args: { p_slug: 'x'.repeat(300_000) }, extra: {} }],
  // a form body: PostgREST 12.0.2 parses it in quadratic time (8 KB: 34 s of a core; this one never answered)
  [
    'help_center_enabled',
    { as: 'anon', method: 'POST', contentType: 'application/x-www-form-urlencoded', args: { p_organization_id: 'x'.repeat(10_000) }, extra: {} },
  ],
  // invalid UTF-8 in a form body: PostgREST answered a plain-text 500
  [
    'widget_chat_turn',
    { as: 'anon', method: 'POST', contentType: 'application/x-www-form-urlencoded', args: { p_client_msg_id: '%00%ff' }, extra: {} },
  ],
  // deliberate refusals PostgREST answered with HTTP 500 (P0002 not found, 55000 wrong state)
  [
    'widget_start_session',
    { as: 'anon', method: 'POST', contentType: 'application/json', args: { p_website_key: 'wk_fuzz_missing', p_origin: origin }, extra: {} },
  ],
  ['accept_invitation', { as: 'authenticated', method: 'POST', contentType: 'application/json', args: { p_invitation_id: randomUUID() }, extra: {} }],
];

describe('fuzzing the RPCs anon and authenticated may call', () => {
  it('reads them from the catalog', () => {
    expect(rpcs.map((r) => r.name)).toEqual(expect.arrayContaining(['widget_chat_turn', 'ingest_batch', 'help_center', 'create_api_key']));
  });

  it.each(rpcs.map((r) => [r.name, r] as const))(
    '%s: no 5xx, refusals in PostgREST’s shape, nothing written for a refusal',
    async (_name, rpc) => {
      for (const [, req] of rpcRegressions.filter(([fn]) => fn === rpc.name)) expect(await checkRpc(rpc, req)).toBeNull();
      await fc.assert(
        fc.asyncProperty(rpcRequest(rpc), async (req) => {
          const problem = await checkRpc(rpc, req);
          if (problem) throw new Error(problem);
        }),
        { numRuns: rpcRuns, seed: SEED, endOnFailure: RUNS > 0 },
      );
    },
    60_000 + rpcRuns * 3_000,
  );
});
