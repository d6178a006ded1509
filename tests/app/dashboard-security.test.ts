import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { appUrl } from '../helpers/app';
import { USERS } from '../helpers/seed';
import { config, keys } from '../helpers/stack';

/** The dashboard's HTTP answers to odd URLs, and the headers every page carries. */
// the first request of a page compiles it in `next dev`, which takes minutes on a loaded machine
const TIMEOUT = 300_000;
let app: string;
let cookie: string;
beforeAll(async () => {
  app = await appUrl();
  cookie = `${SESSION_COOKIE}=${await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, USERS.acmeAgent)}`;
});

const page = (path: string) => fetch(`${app}${path}`, { headers: { cookie }, redirect: 'manual' });

describe('ticket URLs', () => {
  it.each(['not-a-ref', 'ACM-99999999999999999999', '%E0%A4%A', 'ACM-%'])(
    '/dashboard/acme/tickets/%s is a 404, not a 500',
    async (ref) => {
      const res = await page(`/dashboard/acme/tickets/${ref}`);
      expect(res.status).toBe(404);
    },
    TIMEOUT,
  );

  it(
    'a real ticket still opens',
    async () => {
      expect((await page('/dashboard/acme/tickets/ACM-001')).status).toBe(200);
    },
    TIMEOUT,
  );
});

describe('Content-Security-Policy', () => {
  const directives = (header: string | null) =>
    new Map(
      (header ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name!, values]),
    );

  it(
    'dashboard pages carry a policy that allows only this app and the Supabase API',
    async () => {
      const res = await page('/dashboard/acme/tickets');
      expect(res.status).toBe(200);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      expect(csp.get('form-action')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(expect.arrayContaining(["'self'", config.apiUrl]));
      expect(csp.get('script-src')).not.toContain('*');
    },
    TIMEOUT,
  );

  it(
    'the sign-in page carries it too',
    async () => {
      const res = await page('/sign-in');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    },
    TIMEOUT,
  );
});
