import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { callAction, sessionCookie } from '../helpers/actions';
import { ACME, GLOBEX, USERS } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * The token the dashboard's browser client uses for Realtime (lib/dashboard/actions/realtime.ts),
 * asked for over HTTP as the browser asks for it: only a member gets one, it names the
 * organization asked for, and a member who was removed gets none at the next renewal (so their
 * socket cannot join again; tests/api/realtime.test.ts shows the service closing the channel).
 */
const TEMP_USER = 'user_realtime_token_temp';
let app: string;

const ask = async (userId: string, slug: string) =>
  (
    await callAction(app, {
      page: `/dashboard/${slug}/conversations`,
      file: 'lib/dashboard/actions/realtime.ts',
      name: 'realtimeToken',
      fields: {},
      args: [slug],
      cookie: await sessionCookie(userId),
    })
  ).result as { token?: string; error?: { code: string } } | undefined;

beforeAll(async () => {
  app = await appUrl();
  await sql(`insert into public.users (id, email, name) values ($1, 'rt-token@acme.example', 'Temporary') on conflict do nothing`, [TEMP_USER]);
  await sql(`insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'agent') on conflict do nothing`, [
    ACME.id,
    TEMP_USER,
  ]);
}, 300_000);

afterAll(async () => {
  await sql('delete from public.organization_members where user_id = $1', [TEMP_USER]);
  await sql('delete from public.users where id = $1', [TEMP_USER]);
});

describe('the dashboard’s Realtime token', { timeout: 300_000 }, () => {
  it('a member gets a short-lived token naming the organization asked for', async () => {
    const result = await ask(USERS.acmeAgent, ACME.slug);
    const claims = decodeJwt(result?.token ?? '');
    expect(claims).toMatchObject({ sub: USERS.acmeAgent, role: 'authenticated', o: { id: ACME.id } });
    expect(claims.exp! - Date.now() / 1000).toBeLessThanOrEqual(300);
  });

  it('a member of another organization gets none for it', async () => {
    expect(await ask(USERS.globexOwner, ACME.slug)).toEqual({ error: { code: 'not_a_member', message: expect.any(String) } });
    expect((await ask(USERS.globexOwner, GLOBEX.slug))?.token).toBeTruthy();
  });

  it('a removed member gets none at the next renewal', async () => {
    expect((await ask(TEMP_USER, ACME.slug))?.token).toBeTruthy();
    await sql('delete from public.organization_members where organization_id = $1 and user_id = $2', [ACME.id, TEMP_USER]);
    expect((await ask(TEMP_USER, ACME.slug))?.error?.code).toBe('not_a_member');
  });
});
