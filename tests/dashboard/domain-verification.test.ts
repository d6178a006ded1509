import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/lib/database.types';
import { startFakeDns } from '../helpers/fake-dns';
import { startFunctionsRuntime } from '../helpers/functions-runtime';
import { ACME, GLOBEX } from '../helpers/seed';
import { config, keys, sql, tokenFor } from '../helpers/stack';

/**
 * The "Verify" button of a claimed email domain: the server action, run as it runs in the app,
 * asks the verify-domain Edge Function, which looks up the TXT record through a fake DNS server
 * (DNS_NAMESERVER) and records the proof with the service role. Only the request context is
 * stubbed: the signed-in admin's client, as resolveOrgContext would build it.
 */
const stub = vi.hoisted(() => ({ ctx: null as unknown }));
vi.mock('server-only', () => ({}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('@/lib/dashboard/context', () => ({ resolveOrgContext: async () => stub.ctx }));

const { verifyAllowedDomain } = await import('@/lib/dashboard/actions/settings');

let dns: Awaited<ReturnType<typeof startFakeDns>>;
let runtime: Awaited<ReturnType<typeof startFunctionsRuntime>>;

beforeAll(async () => {
  dns = await startFakeDns();
  runtime = await startFunctionsRuntime({ DNS_NAMESERVER: dns.address });
});
afterAll(async () => {
  await runtime?.stop();
  await dns?.close();
});

/** The admin's context: a client with their token whose function calls reach the runtime above. */
async function actAs(userId: string, org: { id: string; slug: string; name: string }) {
  const token = await tokenFor(userId, { id: org.id, role: 'admin', slug: org.slug });
  const functionsBase = `${config.apiUrl}/functions/v1/`;
  const supabase = createClient<Database>(config.apiUrl, keys.anonKey, {
    accessToken: async () => token,
    global: {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        return fetch(url.startsWith(functionsBase) ? `${runtime.url}/${url.slice(functionsBase.length)}` : input, init);
      },
    },
  });
  stub.ctx = { org, supabase, role: 'admin', user: { userId } };
}

async function verify(orgSlug: string, domain: string) {
  const form = new FormData();
  form.set('orgSlug', orgSlug);
  form.set('domain', domain);
  return verifyAllowedDomain({ status: 'idle' }, form);
}

async function claim(orgId: string, domain: string) {
  const [row] = await sql<{ token: string }>(
    'insert into public.organization_domains (organization_id, domain) values ($1, $2) returning verification_token as token',
    [orgId, domain],
  );
  return row!.token;
}

const verifiedAt = async (orgId: string, domain: string) =>
  (
    await sql<{ at: Date | null }>('select verified_at as at from public.organization_domains where organization_id = $1 and domain = $2', [
      orgId,
      domain,
    ])
  )[0]?.at;

describe('verifying an email domain by its DNS TXT record', () => {
  const domain = `acme-${randomUUID().slice(0, 8)}.test`;
  const record = `_concierge-verify.${domain}`;
  afterAll(async () => {
    await sql('delete from public.organization_domains where domain = $1', [domain]);
  });

  it('without the TXT record: a form error, and nothing is written', async () => {
    await claim(ACME.id, domain);
    await actAs('user_acme_admin', { ...ACME, name: 'Acme Corp' });
    const result = await verify(ACME.slug, domain);
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining(`No TXT record "concierge-verify=`) });
    expect(result.message).toContain(record);
    expect(await verifiedAt(ACME.id, domain)).toBeNull();
  }, 60_000);

  it('with a TXT record holding another token: a form error, and nothing is written', async () => {
    dns.setTxt(record, ['concierge-verify=0123456789abcdef0123456789abcdef', 'v=spf1 -all']);
    await actAs('user_acme_admin', { ...ACME, name: 'Acme Corp' });
    expect(await verify(ACME.slug, domain)).toMatchObject({ status: 'error', message: expect.stringContaining('No TXT record') });
    expect(await verifiedAt(ACME.id, domain)).toBeNull();
  });

  it('with the right TXT record: the domain is verified', async () => {
    const [{ token } = { token: '' }] = await sql<{ token: string }>(
      'select verification_token as token from public.organization_domains where organization_id = $1 and domain = $2',
      [ACME.id, domain],
    );
    dns.setTxt(record, ['v=spf1 -all', `concierge-verify=${token}`]);
    await actAs('user_acme_admin', { ...ACME, name: 'Acme Corp' });
    expect(await verify(ACME.slug, domain)).toMatchObject({
      status: 'success',
      message: `@${domain} is verified: new sign-ups with an email there join Acme Corp.`,
    });
    expect(await verifiedAt(ACME.id, domain)).toBeInstanceOf(Date);
  });

  it('another organization cannot verify it afterwards, even with its own record published', async () => {
    const token = await claim(GLOBEX.id, domain);
    dns.setTxt(record, [`concierge-verify=${token}`]);
    await actAs('user_globex_owner', { ...GLOBEX, name: 'Globex' });
    expect(await verify(GLOBEX.slug, domain)).toMatchObject({ status: 'error', message: `@${domain} is already verified by another organization.` });
    expect(await verifiedAt(GLOBEX.id, domain)).toBeNull();
  });
});
