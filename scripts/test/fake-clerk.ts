import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, SignJWT, type JWK } from 'jose';

/**
 * A local stand-in for Clerk's Backend API (we cannot reach Clerk here), speaking its wire
 * format: paths under /v1 with the secret key as Bearer token; objects carrying their `object`
 * field (organization, organization_membership, deleted_object); lists as `{ data, total_count }`
 * paged by limit/offset; errors as `{ errors: [{ code, message, long_message, meta }], clerk_trace_id }`
 * with Clerk's codes (resource_not_found, already_a_member_in_organization, form_identifier_exists,
 * authentication_invalid); a 429 with Retry-After when told to fail. It also serves a JWKS and
 * signs v2 session tokens shaped like Clerk's (sub, sid, v: 2, o: { id, rol, slg }) with the key
 * it is given, plus the Supabase integration's `role: authenticated`.
 */
export interface FakeClerkOrganization {
  object: 'organization';
  id: string;
  name: string;
  slug: string | null;
  image_url: string;
  has_image: boolean;
  max_allowed_memberships: number;
  admin_delete_enabled: boolean;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface FakeClerkMembership {
  object: 'organization_membership';
  id: string;
  role: string;
  role_name: string;
  permissions: string[];
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  organization: FakeClerkOrganization;
  public_user_data: {
    user_id: string;
    first_name: string | null;
    last_name: string | null;
    image_url: string;
    has_image: boolean;
    identifier: string;
  };
  created_at: number;
  updated_at: number;
}

export interface FakeClerkCall {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/** Clerk's role keys for Concierge (custom roles) and its default ones. */
const ROLES = new Set(['org:owner', 'org:admin', 'org:agent', 'org:viewer', 'org:member']);

export interface FakeClerk {
  url: string;
  secretKey: string;
  /** Every Backend API call, in order. */
  calls: FakeClerkCall[];
  organizations: Map<string, FakeClerkOrganization>;
  /** org id → user id → membership */
  memberships: Map<string, Map<string, FakeClerkMembership>>;
  /** The next `count` Backend API calls answer `status` (429 with Retry-After: retryAfter). */
  failNext(count: number, status: number, retryAfter?: number): void;
  /** As the Clerk dashboard would: create an organization directly (no Backend API call logged). */
  addOrganization(name: string, slug: string): FakeClerkOrganization;
  /** As the Clerk dashboard would: add or change a membership; returns it for a webhook payload. */
  setMembership(orgId: string, userId: string, role: string): FakeClerkMembership;
  /** As the Clerk dashboard would: remove a membership; returns what it was. */
  removeMembership(orgId: string, userId: string): FakeClerkMembership | undefined;
  /**
   * A Clerk v2 session token of the user with `orgId` active, signed by the fake's key. Clerk
   * names an organization only for its member; `forge` names it anyway (an attacker's claim).
   */
  sessionToken(userId: string, orgId?: string | null, options?: { ttlSeconds?: number; forge?: boolean }): Promise<string>;
  close(): Promise<void>;
}

function clerkId(prefix: string): string {
  return `${prefix}_${randomBytes(14).toString('base64url').replace(/[-_]/g, 'x')}`;
}

function error(status: number, code: string, message: string, longMessage = message, meta: Record<string, unknown> = {}) {
  return { status, body: { errors: [{ code, message, long_message: longMessage, meta }], clerk_trace_id: randomBytes(16).toString('hex') } };
}

const notFound = () => error(404, 'resource_not_found', 'not found', 'The requested resource was not found');

function page<T>(items: T[], query: URLSearchParams) {
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 10), 1), 500);
  const offset = Math.max(Number(query.get('offset') ?? 0), 0);
  return { status: 200, body: { data: items.slice(offset, offset + limit), total_count: items.length } };
}

export async function startFakeClerk({ privateJwk, issuer = 'https://clerk.fake.test' }: { privateJwk: JWK; issuer?: string }): Promise<FakeClerk> {
  const secretKey = `sk_test_${randomBytes(24).toString('base64url')}`;
  const signingKey = await importJWK(privateJwk, 'RS256');
  const { kty, kid, n, e } = privateJwk;
  const jwks = JSON.stringify({ keys: [{ kty, kid, n, e, alg: 'RS256', use: 'sig' }] });
  const failures: { status: number; retryAfter: number }[] = [];
  const now = () => Date.now();

  const organizations = new Map<string, FakeClerkOrganization>();
  const memberships = new Map<string, Map<string, FakeClerkMembership>>();

  const findOrg = (idOrSlug: string) => organizations.get(idOrSlug) ?? [...organizations.values()].find((o) => o.slug === idOrSlug);

  function createOrg(params: { name: string; slug?: string | null; private_metadata?: Record<string, unknown>; created_by?: string | null }) {
    const org: FakeClerkOrganization = {
      object: 'organization',
      id: clerkId('org'),
      name: params.name,
      slug: params.slug ?? null,
      image_url: 'https://img.clerk.com/fake',
      has_image: false,
      max_allowed_memberships: 0,
      admin_delete_enabled: true,
      public_metadata: {},
      private_metadata: params.private_metadata ?? {},
      created_by: params.created_by ?? null,
      created_at: now(),
      updated_at: now(),
    };
    organizations.set(org.id, org);
    memberships.set(org.id, new Map());
    return org;
  }

  function putMembership(org: FakeClerkOrganization, userId: string, role: string) {
    const members = memberships.get(org.id)!;
    const existing = members.get(userId);
    const membership: FakeClerkMembership = {
      object: 'organization_membership',
      id: existing?.id ?? clerkId('orgmem'),
      role,
      role_name: role.slice(4),
      permissions: [],
      public_metadata: {},
      private_metadata: {},
      organization: org,
      public_user_data: { user_id: userId, first_name: null, last_name: null, image_url: '', has_image: false, identifier: `${userId}@users.fake` },
      created_at: existing?.created_at ?? now(),
      updated_at: now(),
    };
    members.set(userId, membership);
    return membership;
  }

  function handle(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): { status: number; body: unknown } {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'organizations') return notFound();
    if (parts.length === 1) {
      if (method === 'GET')
        return page(
          [...organizations.values()].sort((a, b) => b.created_at - a.created_at),
          query,
        );
      if (method !== 'POST') return notFound();
      if (typeof body.name !== 'string' || body.name.length === 0)
        return error(422, 'form_param_missing', 'name is missing', 'name must be included.', { param_name: 'name' });
      const slug = typeof body.slug === 'string' ? body.slug : null;
      if (slug && findOrg(slug))
        return error(422, 'form_identifier_exists', 'That slug is taken. Please try another.', 'That slug is taken.', { param_name: 'slug' });
      return { status: 200, body: createOrg({ name: body.name, slug, private_metadata: body.private_metadata as Record<string, unknown> }) };
    }
    const org = findOrg(parts[1]!);
    if (!org) return notFound();
    if (parts.length === 2) {
      if (method === 'GET') return { status: 200, body: org };
      if (method === 'PATCH') {
        if (typeof body.name === 'string') org.name = body.name;
        org.updated_at = now();
        return { status: 200, body: org };
      }
      if (method === 'DELETE') {
        organizations.delete(org.id);
        memberships.delete(org.id);
        return { status: 200, body: { object: 'organization', id: org.id, slug: org.slug, deleted: true } };
      }
      return notFound();
    }
    if (parts[2] !== 'memberships') return notFound();
    const members = memberships.get(org.id)!;
    if (parts.length === 3) {
      if (method === 'GET')
        return page(
          [...members.values()].sort((a, b) => b.created_at - a.created_at),
          query,
        );
      if (method !== 'POST') return notFound();
      const userId = String(body.user_id ?? '');
      const role = String(body.role ?? '');
      if (!ROLES.has(role)) return error(404, 'resource_not_found', 'not found', `Role ${role} was not found`);
      if (members.has(userId))
        return error(400, 'already_a_member_in_organization', 'already a member', `User is already a member of the organization.`);
      return { status: 200, body: putMembership(org, userId, role) };
    }
    const userId = parts[3]!;
    const existing = members.get(userId);
    if (!existing) return notFound();
    if (method === 'PATCH') {
      const role = String(body.role ?? '');
      if (!ROLES.has(role)) return error(404, 'resource_not_found', 'not found', `Role ${role} was not found`);
      return { status: 200, body: putMembership(org, userId, role) };
    }
    if (method === 'DELETE') {
      members.delete(userId);
      return { status: 200, body: existing };
    }
    return notFound();
  }

  const fake: FakeClerk = {
    url: '',
    secretKey,
    calls: [],
    organizations,
    memberships,
    failNext(count, status, retryAfter = 1) {
      for (let i = 0; i < count; i += 1) failures.push({ status, retryAfter });
    },
    addOrganization: (name, slug) => createOrg({ name, slug }),
    setMembership(orgId, userId, role) {
      const org = organizations.get(orgId);
      if (!org) throw new Error(`no organization ${orgId}`);
      return putMembership(org, userId, role);
    },
    removeMembership(orgId, userId) {
      const members = memberships.get(orgId);
      const existing = members?.get(userId);
      members?.delete(userId);
      return existing;
    },
    async sessionToken(userId, orgId, { ttlSeconds = 60, forge = false } = {}) {
      const claims: Record<string, unknown> = { role: 'authenticated', v: 2, sid: clerkId('sess'), azp: 'http://localhost', fva: [0, -1] };
      const org = orgId ? organizations.get(orgId) : undefined;
      const membership = org ? memberships.get(org.id)?.get(userId) : undefined;
      if (org && (membership || forge)) claims.o = { id: org.id, rol: (membership?.role ?? 'org:owner').replace(/^org:/, ''), slg: org.slug };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(signingKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (url.pathname === '/v1/jwks' || url.pathname === '/.well-known/jwks.json') return send(200, jwks);
      if (!url.pathname.startsWith('/v1/')) return send(404, notFound().body);
      const method = req.method ?? 'GET';
      const path = url.pathname.slice('/v1'.length);
      const log = (status: number, body: unknown) => fake.calls.push({ method, path, status, body });
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        const denied = error(401, 'authentication_invalid', 'Unauthorized request', 'The provided Clerk Secret Key is invalid.');
        log(401, null);
        return send(denied.status, denied.body);
      }
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        const bad = error(400, 'malformed_request', 'malformed request', 'The request body is not valid JSON.');
        return send(bad.status, bad.body);
      }
      const failure = failures.shift();
      if (failure) {
        log(failure.status, body);
        const answer =
          failure.status === 429
            ? error(429, 'too_many_requests', 'Too many requests', 'Too many requests, retry later.')
            : error(failure.status, 'internal_clerk_error', 'Oops, an unexpected error occurred', 'There was an internal error on our servers.');
        return send(answer.status, answer.body, failure.status === 429 ? { 'retry-after': String(failure.retryAfter) } : {});
      }
      const answer = handle(method, path, url.searchParams, body);
      log(answer.status, body);
      send(answer.status, answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
