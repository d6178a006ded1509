import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_BUNDLE } from '@/scripts/build-widget';
import { channelEnv } from '@/scripts/stack/channels-env';
import { testDistDir } from '@/scripts/test/app-build';
import { testAppEnv } from '@/scripts/test/test-stack-env';
import { appUrl } from '../helpers/app';
import { createApiKey } from '../helpers/ingest';
import { config, keys, sql } from '../helpers/stack';
import { functionsUrl, nextIp, post, startSession } from '../helpers/widget';

/**
 * Scenario 6 of the reliability battery (RELIABILITY.md): secrets never ship. The run's production
 * build (every file of `.next-test-<base>`), the widget bundle, pages the app serves and answers of
 * every Edge Function are searched for each secret the stack holds: the service-role key, the
 * private halves of both signing keys, the authenticator password, the webhook, cron, email-link
 * and channel secrets, API-key hashes, website identity secrets and visitor session-token hashes.
 * 0 may be found. The client half of the build (`static/`, what a browser downloads) holds no
 * value of any variable the app is given other than the NEXT_PUBLIC_* ones.
 */

interface Secret {
  name: string;
  value: string;
}

const secrets: Secret[] = [];

function add(name: string, value: unknown) {
  // short values (an RSA exponent, a port) would match by chance; every real secret is longer
  if (typeof value === 'string' && value.length >= 16) secrets.push({ name, value });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/** Every secret found in text, by name (the value itself is never printed). */
function found(text: string): string[] {
  return secrets.filter((s) => text.includes(s.value)).map((s) => s.name);
}

beforeAll(async () => {
  for (const [which, jwk] of [
    ['API signing key', keys.apiPrivateJwk],
    ['sessions signing key', keys.sessionPrivateJwk],
  ] as const) {
    for (const part of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) add(`${which} (private ${part})`, (jwk as Record<string, unknown>)[part]);
  }
  add('service-role key', keys.serviceRoleKey);
  add('authenticator password', keys.authenticatorPassword);
  add('Clerk webhook signing secret', keys.webhookSecret);
  add('Clerk webhook signing secret (key part)', keys.webhookSecret.replace(/^whsec_/, ''));
  add('cron secret', keys.cronSecret);
  add('email link secret', `${keys.cronSecret}:email-links`);
  for (const [name, value] of Object.entries(channelEnv(keys))) if (/SECRET|TOKEN|KEY/.test(name)) add(name, value);

  // an API key of an organization of this file's own, so there is at least one hash to look for
  const tag = randomUUID().slice(0, 8);
  const owner = `user_secrets_${tag}`;
  const [org] = await sql<{ id: string }>("insert into public.organizations (slug, name, ticket_prefix) values ($1, $2, 'SEC') returning id", [
    `secrets-${tag}`,
    `Secrets ${tag}`,
  ]);
  await sql('insert into public.users (id, email) values ($1, $2)', [owner, `${owner}@secrets.example`]);
  await sql("insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'owner')", [org!.id, owner]);
  const apiKey = await createApiKey(owner, { id: org!.id, slug: `secrets-${tag}` }, ['ingest:write']);
  add('an API key (shown once, never stored)', apiKey.key);
  for (const row of await sql<{ key_hash: string }>('select key_hash from public.api_keys')) add('API key hash', row.key_hash);
  for (const row of await sql<{ identity_secret: string }>('select identity_secret from public.website_secrets'))
    add('website identity secret', row.identity_secret);
  for (const row of await sql<{ token_hash: string }>('select token_hash from public.visitor_sessions limit 500'))
    add('visitor session token hash', row.token_hash);
  for (const row of await sql<{ access_token: string | null; refresh_token: string | null }>(
    'select access_token, refresh_token from private.integration_secrets',
  )) {
    add('channel access token', row.access_token);
    add('channel refresh token', row.refresh_token);
  }
});

describe('secrets never ship', () => {
  it('knows what to look for', () => {
    const names = new Set(secrets.map((s) => s.name));
    for (const name of ['service-role key', 'sessions signing key (private d)', 'cron secret', 'API key hash', 'FACEBOOK_APP_SECRET'])
      expect(names).toContain(name);
  });

  it('the production build holds none of them (every file, server half included)', async () => {
    await appUrl();
    const files = filesUnder(testDistDir).filter((f) => !f.includes(`${path.sep}cache${path.sep}`));
    expect(files.length).toBeGreaterThan(50);
    const leaks = files.flatMap((f) => found(readFileSync(f, 'latin1')).map((name) => `${path.relative(testDistDir, f)}: ${name}`));
    expect(leaks).toEqual([]);
  });

  it('the browser half of the build holds no value of the app’s settings but NEXT_PUBLIC_*', async () => {
    await appUrl();
    const env = testAppEnv(config, keys);
    const publicValues = new Set(
      Object.entries(env)
        .filter(([k]) => k.startsWith('NEXT_PUBLIC_'))
        .map(([, v]) => v),
    );
    // addresses and paths are not secrets (the app links to its own URL); everything else given only to the server is
    const serverOnly = Object.entries(env).filter(
      ([k, v]) => !k.startsWith('NEXT_PUBLIC_') && v.length >= 12 && !publicValues.has(v) && !/^(https?:\/\/|\/)/.test(v),
    );
    expect(serverOnly.map(([k]) => k)).toEqual(expect.arrayContaining(['LOCAL_AUTH_PRIVATE_JWK', 'CLERK_WEBHOOK_SIGNING_SECRET']));
    const browserFiles = filesUnder(path.join(testDistDir, 'static'));
    expect(browserFiles.some((f) => f.endsWith('.js'))).toBe(true);
    const leaks: string[] = [];
    for (const f of browserFiles) {
      const text = readFileSync(f, 'latin1');
      for (const [k, v] of serverOnly) if (text.includes(v)) leaks.push(`${path.relative(testDistDir, f)}: ${k}`);
    }
    expect(leaks).toEqual([]);
    // the scan read the app's client code, not an empty folder
    expect(browserFiles.reduce((n, f) => n + statSync(f).size, 0)).toBeGreaterThan(100_000);
  });

  it('the widget bundle holds none of them', () => {
    const bundle = readFileSync(WIDGET_BUNDLE, 'utf8');
    expect(bundle.length).toBeGreaterThan(1000);
    expect(found(bundle)).toEqual([]);
  });

  it('pages the app serves hold none of them', async () => {
    const url = await appUrl();
    for (const page of ['/', '/sign-in', '/help/acme', '/widget.js', '/api/health', '/dashboard']) {
      const res = await fetch(`${url}${page}`, { redirect: 'manual' });
      const text = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.text()}`;
      expect(found(text), page).toEqual([]);
    }
  });

  it('the Edge Functions’ answers hold none of them (successes, refusals, preflights)', async () => {
    const session = await startSession('wk_acme_main', 'https://acme.com', {}, nextIp());
    const answers: [string, Response][] = [
      ['health', await fetch(`${functionsUrl}/health`)],
      ['jwks', await fetch(`${config.apiUrl}/auth/local/.well-known/jwks.json`)],
      ['widget-messages', await post('widget-messages', { session_token: session.session_token }, { ip: nextIp() })],
    ];
    const names = readdirSync(path.join(process.cwd(), 'supabase/functions')).filter((n) => !n.startsWith('_') && !n.includes('.'));
    for (const name of names) {
      answers.push([`${name} POST {}`, await post(name, {}, { ip: nextIp() })]);
      answers.push([`${name} POST not JSON`, await post(name, '{', { ip: nextIp() })]);
      answers.push([`${name} GET`, await fetch(`${functionsUrl}/${name}`, { headers: { 'x-forwarded-for': nextIp() } })]);
      answers.push([`${name} OPTIONS`, await fetch(`${functionsUrl}/${name}`, { method: 'OPTIONS', headers: { 'x-forwarded-for': nextIp() } })]);
    }
    const leaks: string[] = [];
    for (const [what, res] of answers) {
      const text = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.text()}`;
      for (const name of found(text)) leaks.push(`${what}: ${name}`);
    }
    expect(leaks).toEqual([]);
    // the JWKS publishes the public halves only
    const jwks = (await (await fetch(`${config.apiUrl}/auth/local/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    for (const key of jwks.keys) expect(Object.keys(key).filter((k) => ['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(k))).toEqual([]);
  });
});
