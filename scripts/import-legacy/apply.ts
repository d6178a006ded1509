import type pg from 'pg';
import type { OrganizationPlan } from './plan';

export type ImportOptions = {
  /** Legacy admin accountId → slug of an existing organization to import into. */
  map: Map<string, string>;
  /** CHANNEL_TOKEN_KEY: with it, exported tokens are sealed; without it they are dropped. */
  tokenKey?: string;
};

export type OrganizationResult = {
  admin: string;
  organization: { id: string; slug: string; action: 'created' | 'mapped' | 'already imported' };
  accounts: { joined: number; alreadyMembers: number; invited: number; noEmail: number };
  integrations: { created: number; reused: number; alreadyImported: number; tokensSealed: number; needsReconnect: number };
  conversations: { created: number; merged: number; alreadyImported: number };
  messages: { created: number; alreadyImported: number };
};

/** Refusals that leave the organization untouched: its transaction is rolled back. */
export class ImportConflict extends Error {}

/** Why a token-less import needs a person: Concierge cannot act on the page without one. */
const reconnectReason = 'Imported from the legacy system without a usable token: connect the page again.';

/** The slug of a new organization made from a legacy admin account (organizations_slug_format). */
export function defaultSlug(accountId: string) {
  const base = `legacy-${accountId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.replace(/-+$/, '');
  return base.slice(0, 48).replace(/-+$/, '');
}

const messageBatch = 5000;

/**
 * Imports one admin's organization on `client`, inside the caller's transaction. Every step
 * skips what private.legacy_records already lists for this organization, so a second run writes
 * nothing and a run after a failure carries on.
 */
export async function importOrganization(client: pg.ClientBase, plan: OrganizationPlan, opts: ImportOptions): Promise<OrganizationResult> {
  const q = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => client.query<T>(text, params);
  const adminId = plan.admin.accountId;
  // two runs of the same export serialize per admin instead of both creating its organization
  await q(`select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('legacy-import:' || $1, 0))`, [adminId]);
  // imported agent messages are history: they must not enter the channel outbox and be re-sent
  await q(`select pg_catalog.set_config('concierge.channel_inbound', 'on', true)`);

  const organization = await resolveOrganization(q, plan, opts);
  const org = organization.id;
  const result: OrganizationResult = {
    admin: adminId,
    organization,
    accounts: { joined: 0, alreadyMembers: 0, invited: 0, noEmail: 0 },
    integrations: { created: 0, reused: 0, alreadyImported: 0, tokensSealed: 0, needsReconnect: 0 },
    conversations: { created: 0, merged: 0, alreadyImported: 0 },
    messages: { created: 0, alreadyImported: 0 },
  };

  // accounts → members (a Concierge user with the same email) or invitations
  const userOf = new Map<string, string>();
  for (const account of plan.accounts) {
    const isAdmin = account.accountId === adminId;
    const user = account.email
      ? (await q<{ id: string }>(`select id from public.users where lower(email) = lower($1) order by created_at limit 1`, [account.email])).rows[0]
          ?.id
      : undefined;
    if (user) {
      userOf.set(account.accountId, user);
      const role = isAdmin
        ? (await q(`select 1 from public.organization_members where organization_id = $1 and role = 'owner'`, [org])).rowCount
          ? 'admin'
          : 'owner'
        : 'agent';
      const added = await q(
        `insert into public.organization_members (organization_id, user_id, role) values ($1, $2, $3)
         on conflict (organization_id, user_id) do nothing`,
        [org, user, role],
      );
      if (added.rowCount) result.accounts.joined++;
      else result.accounts.alreadyMembers++;
    } else if (account.email) {
      // invited once: an invitation already sent (pending, accepted or expired) is not sent again
      const invited = await q(
        `insert into public.invitations (organization_id, email, role)
         select $1, lower($2), $3::public.member_role
         where not exists (select 1 from public.invitations i where i.organization_id = $1 and i.email = lower($2))`,
        [org, account.email, isAdmin ? 'admin' : 'agent'],
      );
      if (invited.rowCount) result.accounts.invited++;
    } else {
      result.accounts.noEmail++;
    }
    await q(
      `insert into private.legacy_records as r (organization_id, kind, legacy_id, legacy_account_id, record_id, details)
       values ($1, 'account', $2, $3, $4, $5)
       on conflict (organization_id, kind, legacy_id) do update set record_id = excluded.record_id
         where r.record_id is null and excluded.record_id is not null`,
      [
        org,
        account.accountId,
        adminId,
        user ?? null,
        { role: account.role, email: account.email ?? null, name: account.name ?? account.username ?? null },
      ],
    );
  }
  // a person who signed up since an earlier run is known by their account record
  for (const row of (
    await q<{ legacy_id: string; record_id: string }>(
      `select legacy_id, record_id from private.legacy_records where organization_id = $1 and kind = 'account' and record_id is not null`,
      [org],
    )
  ).rows) {
    if (!userOf.has(row.legacy_id)) userOf.set(row.legacy_id, row.record_id);
  }

  // integrations
  const integrationOf = new Map<string, string>();
  const known = await recorded(
    q,
    org,
    'integration',
    plan.integrations.map((i) => i._id),
  );
  for (const i of plan.integrations) {
    const page = `${i.platform}:${i.oa_id}`;
    const done = known.get(i._id);
    if (done) {
      integrationOf.set(page, done);
      result.integrations.alreadyImported++;
      continue;
    }
    let id =
      integrationOf.get(page) ??
      (
        await q<{ id: string }>(`select id from public.integrations where organization_id = $1 and platform = $2 and external_id = $3`, [
          org,
          i.platform,
          i.oa_id,
        ])
      ).rows[0]?.id;
    if (id) {
      result.integrations.reused++;
    } else {
      const holder = (
        await q<{ slug: string }>(
          `select o.slug from public.integrations x join public.organizations o on o.id = x.organization_id
           where x.platform = $1 and x.external_id = $2 and x.status <> 'disconnected'`,
          [i.platform, i.oa_id],
        )
      ).rows[0];
      if (holder) {
        throw new ImportConflict(`${i.platform} ${i.oa_id} (integration ${i._id}) is connected by organization "${holder.slug}"`);
      }
      const seal = Boolean(opts.tokenKey && i.access_token);
      id = (
        await q<{ id: string }>(
          `insert into public.integrations (organization_id, platform, external_id, display_name, status, status_reason,
             connected_by, connected_at)
           values ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now())) returning id`,
          [
            org,
            i.platform,
            i.oa_id,
            i.name ?? `${i.platform === 'facebook' ? 'Facebook Page' : 'Zalo OA'} ${i.oa_id}`,
            seal ? 'active' : 'needs_reconnect',
            seal ? null : reconnectReason,
            userOf.get(i.accountId) ?? null,
            i.created_at ?? null,
          ],
        )
      ).rows[0]!.id;
      if (seal) {
        // the same sealing as public.channel_connect: pgp_sym_encrypt under CHANNEL_TOKEN_KEY
        await q(`select private.channel_check_key($1)`, [opts.tokenKey]);
        await q(
          `insert into private.integration_secrets (integration_id, organization_id, access_token, refresh_token, token_expires_at)
           values ($1, $2, extensions.pgp_sym_encrypt($3, $5, 'cipher-algo=aes256'),
             case when $4::text is not null then extensions.pgp_sym_encrypt($4, $5, 'cipher-algo=aes256') end, $6)`,
          [id, org, i.access_token, i.refresh_token ?? null, opts.tokenKey, i.token_expires_at ?? null],
        );
        result.integrations.tokensSealed++;
      } else {
        result.integrations.needsReconnect++;
      }
      result.integrations.created++;
    }
    integrationOf.set(page, id);
    await q(
      `insert into private.legacy_records (organization_id, kind, legacy_id, legacy_account_id, record_id, details)
       values ($1, 'integration', $2, $3, $4, $5)`,
      [
        org,
        i._id,
        i.accountId,
        id,
        { platform: i.platform, oa_id: i.oa_id, token: i.access_token ? (opts.tokenKey ? 'sealed' : 'dropped') : 'none' },
      ],
    );
  }

  // conversations: one per (integration, customer); a customer the page already brought in is merged
  const platformOf = new Map(plan.integrations.map((i) => [i.oa_id, i.platform]));
  const knownConversations = await recorded(
    q,
    org,
    'conversation',
    plan.conversations.map((c) => c._id),
  );
  result.conversations.alreadyImported = knownConversations.size;
  const todo = plan.conversations
    .filter((c) => !knownConversations.has(c._id))
    .map((c) => {
      const platform = platformOf.get(c.oa_id)!;
      return {
        legacy_id: c._id,
        account_id: c.accountId,
        integration_id: integrationOf.get(`${platform}:${c.oa_id}`)!,
        platform,
        page: c.oa_id,
        customer: c.customer_id,
        created_at: c.created_at.toISOString(),
        unread: c.unread_count,
      };
    });
  if (todo.length > 0) {
    const input = `jsonb_to_recordset($2::jsonb) as x(legacy_id text, account_id text, integration_id uuid, platform text,
      page text, customer text, created_at timestamptz, unread integer)`;
    await q(
      `insert into public.visitors (organization_id, external_id, metadata, first_seen_at, last_seen_at)
       select $1, x.platform || ':' || x.page || ':' || x.customer,
              jsonb_build_object('platform', x.platform, 'platform_user_id', x.customer), min(x.created_at), max(x.created_at)
       from ${input} group by x.platform, x.page, x.customer
       on conflict (organization_id, external_id) do nothing`,
      [org, JSON.stringify(todo)],
    );
    const created = await q(
      `insert into public.conversations (organization_id, integration_id, channel, external_customer_id, visitor_id, created_at)
       select distinct on (x.integration_id, x.customer) $1, x.integration_id, x.platform, x.customer, v.id, x.created_at
       from ${input}
       join public.visitors v on v.organization_id = $1 and v.external_id = x.platform || ':' || x.page || ':' || x.customer
       order by x.integration_id, x.customer, x.created_at
       on conflict do nothing`,
      [org, JSON.stringify(todo)],
    );
    result.conversations.created = created.rowCount ?? 0;
    result.conversations.merged = todo.length - result.conversations.created;
    const mapped = await q(
      `insert into private.legacy_records (organization_id, kind, legacy_id, legacy_account_id, record_id, details)
       select $1, 'conversation', x.legacy_id, x.account_id, c.id::text,
              jsonb_build_object('oa_id', x.page, 'customer_id', x.customer, 'unread_count', x.unread)
       from ${input}
       join public.conversations c on c.organization_id = $1 and c.integration_id = x.integration_id and c.external_customer_id = x.customer`,
      [org, JSON.stringify(todo)],
    );
    if (mapped.rowCount !== todo.length) {
      throw new ImportConflict(
        `${todo.length - (mapped.rowCount ?? 0)} conversation(s) name a customer who already has a conversation on another page of the same platform`,
      );
    }
  }

  // messages
  const conversationOf = new Map(
    (
      await q<{ legacy_id: string; record_id: string; customer: string }>(
        `select r.legacy_id, r.record_id, c.external_customer_id as customer from private.legacy_records r
         join public.conversations c on c.organization_id = r.organization_id and c.id = r.record_id::uuid
         where r.organization_id = $1 and r.kind = 'conversation'`,
        [org],
      )
    ).rows.map((r) => [r.legacy_id, r]),
  );
  const knownMessages = await recorded(
    q,
    org,
    'message',
    plan.messages.map((m) => m._id),
  );
  result.messages.alreadyImported = knownMessages.size;
  const rows = plan.messages
    .filter((m) => !knownMessages.has(m._id))
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
    .map((m) => {
      const conversation = conversationOf.get(m.conversation_id)!;
      const fromCustomer = m.sender_id === conversation.customer;
      return {
        legacy_id: m._id,
        account_id: m.accountId,
        conversation_id: conversation.record_id,
        sender_type: fromCustomer ? 'visitor' : 'agent',
        sender_id: fromCustomer ? null : (userOf.get(m.sender_id) ?? userOf.get(m.accountId) ?? null),
        body: (m.text?.trim() || '[message]').slice(0, 20000),
        metadata: { platform: m.platform, imported: true },
        created_at: m.created_at.toISOString(),
      };
    });
  for (let start = 0; start < rows.length; start += messageBatch) {
    const batch = rows.slice(start, start + messageBatch);
    // the row ids are drawn once (materialized) so the message and its audit record agree
    const inserted = await q(
      `with x as materialized (
         select gen_random_uuid() as id, r.* from jsonb_to_recordset($2::jsonb) as r(legacy_id text, account_id text,
           conversation_id uuid, sender_type public.sender_type, sender_id text, body text, metadata jsonb, created_at timestamptz)
       ), m as (
         insert into public.messages (id, organization_id, conversation_id, sender_type, sender_id, body, metadata, created_at)
         select x.id, $1, x.conversation_id, x.sender_type, x.sender_id, x.body, x.metadata, x.created_at from x order by x.created_at
       )
       insert into private.legacy_records (organization_id, kind, legacy_id, legacy_account_id, record_id)
       select $1, 'message', x.legacy_id, x.account_id, x.id::text from x`,
      [org, JSON.stringify(batch)],
    );
    result.messages.created += inserted.rowCount ?? 0;
  }

  // unread_count: each member has read all but the last N customer messages (conversation_reads);
  // two legacy conversations merged into one give two candidates, and the first one stays
  if (todo.length > 0) {
    await q(
      `insert into public.conversation_reads (organization_id, conversation_id, user_id, last_read_at)
       select $1, c.id, m.user_id, coalesce(
         (select v.created_at from public.messages v
          where v.organization_id = $1 and v.conversation_id = c.id and v.sender_type = 'visitor'
          order by v.created_at desc offset x.unread limit 1),
         c.created_at - interval '1 millisecond')
       from jsonb_to_recordset($2::jsonb) as x(legacy_id text, unread integer)
       join private.legacy_records r on r.organization_id = $1 and r.kind = 'conversation' and r.legacy_id = x.legacy_id
       join public.conversations c on c.organization_id = $1 and c.id = r.record_id::uuid
       cross join public.organization_members m
       where m.organization_id = $1
       on conflict do nothing`,
      [org, JSON.stringify(todo.map((t) => ({ legacy_id: t.legacy_id, unread: t.unread })))],
    );
  }
  return result;
}

type Query = <T extends pg.QueryResultRow>(text: string, params?: unknown[]) => Promise<pg.QueryResult<T>>;

async function recorded(q: Query, org: string, kind: string, ids: string[]) {
  const rows = await q<{ legacy_id: string; record_id: string }>(
    `select legacy_id, record_id from private.legacy_records where organization_id = $1 and kind = $2 and legacy_id = any($3::text[])`,
    [org, kind, ids],
  );
  return new Map(rows.rows.map((r) => [r.legacy_id, r.record_id]));
}

async function resolveOrganization(q: Query, plan: OrganizationPlan, opts: ImportOptions): Promise<OrganizationResult['organization']> {
  const adminId = plan.admin.accountId;
  const mapped = opts.map.get(adminId);
  const previous = (
    await q<{ id: string; slug: string }>(
      `select o.id, o.slug from private.legacy_records r join public.organizations o on o.id = r.organization_id
       where r.kind = 'account' and r.legacy_id = $1 and r.legacy_account_id = $1`,
      [adminId],
    )
  ).rows[0];
  if (previous) {
    if (mapped && mapped !== previous.slug) {
      throw new ImportConflict(`admin ${adminId} was imported into "${previous.slug}", not "${mapped}"`);
    }
    return { ...previous, action: 'already imported' };
  }
  if (mapped) {
    const existing = (await q<{ id: string; slug: string }>(`select id, slug from public.organizations where slug = $1`, [mapped])).rows[0];
    if (!existing) throw new ImportConflict(`--map ${adminId}=${mapped}: no organization has the slug "${mapped}"`);
    return { ...existing, action: 'mapped' };
  }
  const slug = defaultSlug(adminId);
  if ((await q(`select 1 from public.organizations where slug = $1`, [slug])).rowCount) {
    throw new ImportConflict(`the slug "${slug}" is taken by an organization this import did not create: pass --map ${adminId}=<slug>`);
  }
  const name = (plan.admin.organization_name ?? plan.admin.name ?? plan.admin.email ?? adminId).slice(0, 120);
  const id = (await q<{ id: string }>(`insert into public.organizations (slug, name) values ($1, $2) returning id`, [slug, name])).rows[0]!.id;
  return { id, slug, action: 'created' };
}
