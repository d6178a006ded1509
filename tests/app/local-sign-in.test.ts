import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '@/lib/auth/session-cookie';
import { localUserIdForEmail } from '@/lib/auth/local-users';
import { appUrl } from '../helpers/app';
import { callAction, sessionCookie } from '../helpers/actions';
import { deleteUsers } from '../dashboard/cleanup';
import { sql } from '../helpers/stack';

// several requests per test, each a page's action in the app under a loaded machine
vi.setConfig({ testTimeout: 300_000 });

/**
 * The local sign-in (AUTH_PROVIDER=local, as the test app runs) through its server actions, over
 * HTTP as the sign-in and sign-up forms call them: where it sends people afterwards (never off
 * the site, whatever redirect_url says), the session cookie it sets and sign-out clears, and the
 * messages for an unknown email and for an email that already has an account.
 */
const TIMEOUT = 300_000;
const signIn = { page: '/sign-in', file: 'lib/auth/local-actions.ts', name: 'signInLocal' };
const signUp = { page: '/sign-up', file: 'lib/auth/local-actions.ts', name: 'signUpLocal' };
const OWNER_EMAIL = 'ada@acme.com';
const newEmail = `new-${randomUUID().slice(0, 8)}@signup-test.example`;
let app: string;

beforeAll(async () => {
  app = await appUrl();
});
afterAll(async () => {
  await deleteUsers([localUserIdForEmail(newEmail)]);
});

const sessionOf = (setCookie: string[]) => setCookie.find((c) => c.startsWith(`${SESSION_COOKIE}=`));

describe('local sign-in', () => {
  it(
    'signs a known user in, sets the session cookie and goes to the dashboard path asked for',
    async () => {
      const [owner] = await sql<{ email: string }>("select email from public.users where id = 'user_acme_owner'");
      expect(owner!.email).toBe(OWNER_EMAIL);
      const res = await callAction(app, { ...signIn, fields: { email: 'Ada@Acme.com', redirect_url: '/dashboard/acme/tickets?q=ACM-001' } });
      expect(res.redirect).toBe('/dashboard/acme/tickets?q=ACM-001');
      const session = sessionOf(res.setCookie);
      expect(session).toMatch(/HttpOnly/i);
      // the cookie it set opens the dashboard
      const page = await fetch(`${app}/dashboard/acme/tickets`, { headers: { cookie: session!.split(';')[0]! }, redirect: 'manual' });
      expect(page.status).toBe(200);
    },
    TIMEOUT,
  );

  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/dashboard//evil.example',
    '/dashboard/\\evil.example',
    '/dashboard?next=\\\\evil.example',
    '/%2F%2Fevil.example',
    'javascript:alert(1)',
    '/sign-in',
    ' /dashboard/acme',
  ])(
    'stays on the site for redirect_url=%j',
    async (target) => {
      const res = await callAction(app, { ...signIn, fields: { email: OWNER_EMAIL, redirect_url: target } });
      expect(res.redirect).toBe('/dashboard');
    },
    TIMEOUT,
  );

  it('says so for an email with no account, and sets no session', async () => {
    const res = await callAction(app, { ...signIn, fields: { email: 'nobody-here@signup-test.example' } });
    expect(res.status).toBe(200);
    expect(res.redirect).toBeUndefined();
    expect(res.result).toMatchObject({ status: 'error', message: 'No account uses this email yet.', fieldErrors: { email: expect.any(Array) } });
    expect(sessionOf(res.setCookie)).toBeUndefined();
  });

  it('rejects a malformed email', async () => {
    const res = await callAction(app, { ...signIn, fields: { email: 'not-an-email' } });
    expect(res.result).toMatchObject({ status: 'error', fieldErrors: { email: expect.any(Array) } });
  });
});

describe('local sign-up', () => {
  it(
    'refuses an email that already has an account',
    async () => {
      const res = await callAction(app, { ...signUp, fields: { name: 'Alan Again', email: OWNER_EMAIL } });
      expect(res.result).toMatchObject({ status: 'error', message: 'An account with this email already exists.' });
      expect(sessionOf(res.setCookie)).toBeUndefined();
    },
    TIMEOUT,
  );

  it('creates a new account and signs it in', async () => {
    const res = await callAction(app, { ...signUp, fields: { name: 'New Person', email: newEmail } });
    expect(res.redirect).toBe('/dashboard');
    expect(sessionOf(res.setCookie)).toBeDefined();
    expect(await sql('select email from public.users where id = $1', [localUserIdForEmail(newEmail)])).toEqual([{ email: newEmail }]);
  });
});

describe('sign-out', () => {
  it(
    'clears the session cookie and goes home',
    async () => {
      const cookie = await sessionCookie('user_acme_agent');
      const res = await callAction(app, { page: '/dashboard/acme/tickets', file: 'lib/auth/local-actions.ts', name: 'signOut', fields: {}, cookie });
      expect(res.redirect).toBe('/');
      const cleared = sessionOf(res.setCookie);
      expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
      expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    },
    TIMEOUT,
  );
});
