import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import {
  clerkApi,
  drainClerkOutbox,
  roleToClerk,
  type ClerkApi,
  type ClerkMembership,
  type ClerkOrganization,
  type MemberRole,
  type OutboxRpc,
} from '@/supabase/functions/_shared/clerk-api';

/**
 * `npm run clerk:sync [-- --apply] [--org <uuid> ...]`: compare our organizations and memberships with
 * Clerk's and report every difference; with --apply, repair them and report again. Postgres wins
 * for every linked organization (its name, its members and their roles are sent to Clerk through
 * the outbox, as any change is); an organization that exists only in Clerk is mirrored here, as
 * its organization.created webhook would have done. Dry run by default; running it again after a
 * repair finds nothing. Exit code 0: in step; 1: differences remain; 2: configuration error.
 *
 * Environment: SUPABASE_DB_URL (the database, as for `supabase db push`), CLERK_SECRET_KEY, and
 * CLERK_API_URL only to point it at another Backend API (tests).
 */
const env = z
  .object({
    SUPABASE_DB_URL: z.string().url(),
    CLERK_SECRET_KEY: z.string().startsWith('sk_'),
    CLERK_API_URL: z.string().url().optional(),
  })
  .safeParse(process.env);

interface OurOrg {
  id: string;
  name: string;
  slug: string;
  clerk_org_id: string | null;
  members: Map<string, MemberRole>;
}

export interface Drift {
  kind: 'unlinked' | 'missing_in_clerk' | 'renamed' | 'member_missing' | 'role_differs' | 'member_extra' | 'only_in_clerk' | 'outbox_failing';
  organization: string;
  user?: string;
  detail: string;
}

async function loadOurs(db: pg.Client, only: string[] | undefined): Promise<OurOrg[]> {
  const { rows } = await db.query<{ id: string; name: string; slug: string; clerk_org_id: string | null; members: [string, MemberRole][] | null }>(
    `select o.id, o.name, o.slug, o.clerk_org_id,
            (select json_agg(json_build_array(m.user_id, m.role)) from public.organization_members m where m.organization_id = o.id) as members
     from public.organizations o where $1::uuid[] is null or o.id = any ($1::uuid[]) order by o.created_at, o.id`,
    [only ?? null],
  );
  return rows.map((r) => ({ ...r, members: new Map(r.members ?? []) }));
}

async function findDrift(db: pg.Client, api: ClerkApi, only: string[] | undefined): Promise<Drift[]> {
  const ours = await loadOurs(db, only);
  const theirs = new Map((await api.listOrganizations()).map((o) => [o.id, o]));
  const drift: Drift[] = [];
  for (const org of ours) {
    const clerk = org.clerk_org_id ? theirs.get(org.clerk_org_id) : undefined;
    if (!org.clerk_org_id) {
      drift.push({ kind: 'unlinked', organization: org.id, detail: `${org.slug} has no Clerk organization` });
      continue;
    }
    if (!clerk) {
      drift.push({
        kind: 'missing_in_clerk',
        organization: org.id,
        detail: `${org.slug} is linked to ${org.clerk_org_id}, which Clerk does not have`,
      });
      continue;
    }
    if (clerk.name !== org.name) drift.push({ kind: 'renamed', organization: org.id, detail: `Clerk calls ${org.slug} "${clerk.name}"` });
    const members = new Map((await api.listMemberships(clerk.id)).map((m: ClerkMembership) => [m.public_user_data.user_id, m.role]));
    for (const [user, role] of org.members) {
      const clerkRole = members.get(user);
      if (clerkRole === undefined)
        drift.push({ kind: 'member_missing', organization: org.id, user, detail: `${user} (${role}) is not a member in Clerk` });
      else if (clerkRole !== roleToClerk(role))
        drift.push({ kind: 'role_differs', organization: org.id, user, detail: `${user} is ${role} here, ${clerkRole} in Clerk` });
    }
    for (const user of members.keys())
      if (!org.members.has(user)) drift.push({ kind: 'member_extra', organization: org.id, user, detail: `${user} is a member in Clerk only` });
  }
  if (!only) {
    const linked = new Set(ours.map((o) => o.clerk_org_id));
    for (const clerk of theirs.values())
      if (!linked.has(clerk.id))
        drift.push({ kind: 'only_in_clerk', organization: clerk.id, detail: `Clerk organization "${clerk.name}" is not here` });
  }
  const { rows: failing } = await db.query<{ organization_id: string; user_id: string | null; last_error: string }>(
    `select organization_id, user_id, last_error from private.clerk_outbox
     where done_at is null and last_error is not null and ($1::uuid[] is null or organization_id = any ($1::uuid[]))`,
    [only ?? null],
  );
  for (const f of failing)
    drift.push({
      kind: 'outbox_failing',
      organization: f.organization_id,
      user: f.user_id ?? undefined,
      detail: `a queued call keeps failing: ${f.last_error}`,
    });
  return drift;
}

/** The outbox RPCs over a direct connection, in the shape the Edge Functions' drain expects. */
function pgRpc(db: pg.Client): OutboxRpc {
  return async (fn, args) => {
    const names = Object.keys(args);
    const text = `select * from public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')})`;
    try {
      const { rows } = await db.query(text, Object.values(args));
      return { data: rows.map((r: Record<string, unknown>) => ({ ...r, id: Number(r.id) })), error: null };
    } catch (error) {
      return { data: null, error: { message: error instanceof Error ? error.message : String(error) } };
    }
  };
}

async function mirrorClerkOnly(db: pg.Client, api: ClerkApi, clerkOrgId: string): Promise<void> {
  const org = (await api.getOrganization(clerkOrgId)) as ClerkOrganization;
  const event = (type: string, data: unknown) => ({ type, object: 'event', data });
  // delivery ids of their own, so a later real webhook delivery is still applied
  await db.query('select public.sync_clerk_event($1, $2::jsonb)', [`clerk_sync_${org.id}_${org.updated_at}`, event('organization.created', org)]);
  for (const m of await api.listMemberships(org.id)) {
    try {
      await db.query('select public.sync_clerk_event($1, $2::jsonb)', [
        `clerk_sync_${m.id}_${Date.now()}`,
        event('organizationMembership.created', m),
      ]);
    } catch (error) {
      console.log(`  ! ${m.public_user_data.user_id} in ${org.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function repair(db: pg.Client, api: ClerkApi, drift: Drift[]): Promise<void> {
  await db.query('select public.clerk_sync_enable()');
  for (const d of drift) {
    if (d.kind === 'only_in_clerk') {
      await mirrorClerkOnly(db, api, d.organization);
      continue;
    }
    if (d.kind === 'missing_in_clerk') await db.query('update public.organizations set clerk_org_id = null where id = $1', [d.organization]);
    if (d.kind === 'outbox_failing') {
      await db.query('update private.clerk_outbox set next_attempt_at = now() where organization_id = $1 and done_at is null', [d.organization]);
      continue;
    }
    await db.query('select private.clerk_enqueue($1, $2, null)', [d.organization, d.user ?? null]);
    if (d.kind === 'unlinked' || d.kind === 'missing_in_clerk')
      await db.query(
        'select private.clerk_enqueue(m.organization_id, m.user_id, null) from public.organization_members m where m.organization_id = $1',
        [d.organization],
      );
  }
  const result = await drainClerkOutbox(pgRpc(db), api, { budgetMs: 60_000 });
  console.log(`applied: ${result.done} call(s) to Clerk succeeded, ${result.failed} failed (queued again)`);
  for (const e of result.errors) console.log(`  ! ${e}`);
}

function print(drift: Drift[]) {
  if (drift.length === 0) console.log('in step: no difference between Postgres and Clerk');
  for (const d of drift) console.log(`- ${d.kind.padEnd(16)} ${d.detail}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { apply: { type: 'boolean', default: false }, org: { type: 'string', multiple: true } } });
  if (!env.success) {
    console.error(`clerk:sync needs ${env.error.issues.map((i) => i.path.join('.')).join(', ')} (see the Deploy guide)`);
    return 2;
  }
  if (values.org !== undefined && !z.array(z.string().uuid()).safeParse(values.org).success) {
    console.error('--org takes an organization id (uuid)');
    return 2;
  }
  const api = clerkApi({ secretKey: env.data.CLERK_SECRET_KEY, apiUrl: env.data.CLERK_API_URL });
  const db = new pg.Client({ connectionString: env.data.SUPABASE_DB_URL });
  await db.connect();
  try {
    const drift = await findDrift(db, api, values.org);
    console.log(`${values.apply ? 'before repair' : 'dry run (--apply repairs)'}: ${drift.length} difference(s)`);
    print(drift);
    if (!values.apply || drift.length === 0) return drift.length === 0 ? 0 : 1;
    await repair(db, api, drift);
    const after = await findDrift(db, api, values.org);
    console.log(`after repair: ${after.length} difference(s)`);
    print(after);
    return after.length === 0 ? 0 : 1;
  } finally {
    await db.end();
  }
}

process.exitCode = await main();
