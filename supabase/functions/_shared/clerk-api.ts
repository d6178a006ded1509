// Clerk's Backend API (https://api.clerk.com/v1), the few calls Concierge makes, and the drain of
// private.clerk_outbox. No imports and no Deno globals: the Edge Functions (clerk-webhook,
// clerk-sync) and `npm run clerk:sync` (Node) share this file.

export type MemberRole = 'viewer' | 'agent' | 'admin' | 'owner';

export interface ClerkOrganization {
  object: 'organization';
  id: string;
  name: string;
  slug: string | null;
  private_metadata: Record<string, unknown>;
  public_metadata: Record<string, unknown>;
  created_at: number;
  updated_at: number;
}

export interface ClerkMembership {
  object: 'organization_membership';
  id: string;
  role: string;
  organization: ClerkOrganization;
  public_user_data: { user_id: string; identifier: string };
}

/** A non-2xx answer: Clerk's `{ errors: [{ code, message, long_message }] }`, and Retry-After on a 429. */
export class ClerkApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`Clerk ${status} ${code}: ${message}`);
  }
}

/** Our role as a Clerk custom role key (org:owner, org:admin, org:agent, org:viewer). */
export function roleToClerk(role: MemberRole): string {
  return `org:${role}`;
}

/** A Clerk role key as ours: the four custom roles one to one, Clerk's default org:member = agent, else viewer. */
export function roleFromClerk(role: string): MemberRole {
  if (role === 'org:owner' || role === 'org:admin' || role === 'org:agent') return role.slice(4) as MemberRole;
  return role === 'org:member' ? 'agent' : 'viewer';
}

export interface ClerkApiOptions {
  secretKey: string;
  /** https://api.clerk.com unless CLERK_API_URL names another (tests: the fake). */
  apiUrl?: string;
}

export function clerkApi({ secretKey, apiUrl = 'https://api.clerk.com' }: ClerkApiOptions) {
  const base = `${apiUrl.replace(/\/+$/, '')}/v1`;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (res.ok) return parsed as T;
    const first = (parsed as { errors?: { code?: string; long_message?: string; message?: string }[] } | null)?.errors?.[0];
    const retryAfter = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
    throw new ClerkApiError(
      res.status,
      first?.code ?? 'unknown',
      first?.long_message ?? first?.message ?? res.statusText,
      Number.isFinite(retryAfter) ? retryAfter : null,
    );
  }

  async function orNull<T>(promise: Promise<T>): Promise<T | null> {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof ClerkApiError && error.status === 404) return null;
      throw error;
    }
  }

  async function all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += 100) {
      const sep = path.includes('?') ? '&' : '?';
      const page = await request<{ data: T[]; total_count: number }>('GET', `${path}${sep}limit=100&offset=${offset}`);
      out.push(...page.data);
      if (page.data.length === 0 || out.length >= page.total_count) return out;
    }
  }

  const org = (id: string) => `/organizations/${encodeURIComponent(id)}`;
  return {
    /** By id or slug; null when there is none. */
    getOrganization: (idOrSlug: string) => orNull(request<ClerkOrganization>('GET', org(idOrSlug))),
    listOrganizations: () => all<ClerkOrganization>('/organizations'),
    createOrganization: (params: { name: string; slug?: string; private_metadata?: Record<string, unknown> }) =>
      request<ClerkOrganization>('POST', '/organizations', params),
    updateOrganization: (id: string, params: { name?: string }) => request<ClerkOrganization>('PATCH', org(id), params),
    /** true if deleted, false if it was already gone. */
    deleteOrganization: async (id: string) => (await orNull(request('DELETE', org(id)))) !== null,
    listMemberships: (orgId: string) => all<ClerkMembership>(`${org(orgId)}/memberships`),
    /** Create the membership with this role, or set the role of the existing one. */
    ensureMembership: async (orgId: string, userId: string, role: string) => {
      try {
        return await request<ClerkMembership>('POST', `${org(orgId)}/memberships`, { user_id: userId, role });
      } catch (error) {
        if (!(error instanceof ClerkApiError && error.code === 'already_a_member_in_organization')) throw error;
        return await request<ClerkMembership>('PATCH', `${org(orgId)}/memberships/${encodeURIComponent(userId)}`, { role });
      }
    },
    /** true if removed, false if there was none. */
    deleteMembership: async (orgId: string, userId: string) =>
      (await orNull(request('DELETE', `${org(orgId)}/memberships/${encodeURIComponent(userId)}`))) !== null,
  };
}
export type ClerkApi = ReturnType<typeof clerkApi>;

/** One claimed row of public.clerk_outbox_claim: the subject's current state. */
export interface OutboxRow {
  id: number;
  version: number;
  kind: 'organization' | 'membership';
  attempts: number;
  organization_id: string;
  user_id: string | null;
  clerk_org_id: string | null;
  org_exists: boolean;
  org_name: string | null;
  org_slug: string | null;
  role: MemberRole | null;
}

/** The service-role RPC calls the drain makes (supabase-js's `rpc` fits, and so does a pg wrapper). */
export type OutboxRpc = (fn: string, args: Record<string, unknown>) => PromiseLike<{ data: unknown; error: { message: string } | null }>;

async function call(rpc: OutboxRpc, fn: string, args: Record<string, unknown>): Promise<unknown> {
  const { data, error } = await rpc(fn, args);
  if (error) throw new Error(`${fn}: ${error.message}`);
  return data;
}

/** Create (or find, after a lost link) the Clerk organization of ours and return its id. */
async function linkOrganization(api: ClerkApi, row: OutboxRow): Promise<string> {
  const slug = row.org_slug ?? undefined;
  const mine = (o: ClerkOrganization | null) => o !== null && o.private_metadata?.concierge_org_id === row.organization_id;
  // A previous attempt may have created it and died before linking: find it by slug, never create twice.
  const existing = slug ? await api.getOrganization(slug) : null;
  if (existing && mine(existing)) return existing.id;
  const params = { name: row.org_name ?? 'Organization', private_metadata: { concierge_org_id: row.organization_id } };
  // Clerk slugs are unique per instance: a taken one (someone else's) gets our id's prefix.
  const free = existing ? `${slug}-${row.organization_id.slice(0, 8)}` : slug;
  const again = existing && free ? await api.getOrganization(free) : null;
  if (again && mine(again)) return again.id;
  return (await api.createOrganization({ ...params, slug: free })).id;
}

/** Bring Clerk to the row's current state; returns the Clerk org id to link, if one was created. */
async function apply(api: ClerkApi, row: OutboxRow): Promise<string | null> {
  if (row.kind === 'organization') {
    if (!row.org_exists) {
      if (row.clerk_org_id) await api.deleteOrganization(row.clerk_org_id);
      return null;
    }
    if (!row.clerk_org_id) return await linkOrganization(api, row);
    await api.updateOrganization(row.clerk_org_id, { name: row.org_name ?? undefined });
    return null;
  }
  // deleting a Clerk organization removed its memberships already
  if (!row.org_exists) return null;
  if (!row.clerk_org_id) throw new Error('the organization is not linked to Clerk yet');
  if (row.role === null) await api.deleteMembership(row.clerk_org_id, row.user_id!);
  else await api.ensureMembership(row.clerk_org_id, row.user_id!, roleToClerk(row.role));
  return null;
}

export interface DrainResult {
  done: number;
  failed: number;
  errors: string[];
}

/**
 * Drain the due outbox rows, batch by batch, until none is due or the time budget is spent. A
 * failed call leaves its row due again later (Retry-After of a 429, else exponential backoff).
 */
export async function drainClerkOutbox(rpc: OutboxRpc, api: ClerkApi, { budgetMs = 5_000 } = {}): Promise<DrainResult> {
  const result: DrainResult = { done: 0, failed: 0, errors: [] };
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    const rows = (await call(rpc, 'clerk_outbox_claim', { p_limit: 25 })) as OutboxRow[];
    if (rows.length === 0) break;
    // organizations come first in a batch: their memberships use the id just linked
    const linkedNow = new Map<string, string>();
    for (const row of rows) {
      try {
        const linked = await apply(api, { ...row, clerk_org_id: row.clerk_org_id ?? linkedNow.get(row.organization_id) ?? null });
        if (linked) linkedNow.set(row.organization_id, linked);
        await call(rpc, 'clerk_outbox_complete', { p_id: row.id, p_version: row.version, p_clerk_org_id: linked });
        result.done += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retryAfter = error instanceof ClerkApiError ? error.retryAfterSeconds : null;
        await call(rpc, 'clerk_outbox_fail', { p_id: row.id, p_error: message, p_retry_after: retryAfter });
        result.failed += 1;
        result.errors.push(message);
      }
    }
  }
  return result;
}
