import type { LegacyConversation, LegacyExport, LegacyIntegration, LegacyMessage, LegacyUser } from './export-schema';

/** One legacy admin account and everything its organization will hold. */
export type OrganizationPlan = {
  admin: LegacyUser;
  /** The admin first, then its staff (parent_account_id = the admin). */
  accounts: LegacyUser[];
  integrations: LegacyIntegration[];
  conversations: LegacyConversation[];
  messages: LegacyMessage[];
};

export type Orphan = { kind: 'account' | 'integration' | 'conversation' | 'message'; legacyId: string; reason: string };
export type ExportConflict = { legacyId: string; reason: string };

export type ImportPlan = { organizations: OrganizationPlan[]; orphans: Orphan[]; conflicts: ExportConflict[] };

/**
 * Groups the export by admin account, with no database: staff follow parent_account_id, an
 * integration or conversation follows its accountId to that account's admin, a conversation
 * needs an integration of its organization with the same page / OA id, and a message follows
 * its conversation (its own accountId says who handled it, not where it goes). Whatever cannot
 * be placed is an orphan, reported and left out.
 */
export function planImport(data: LegacyExport): ImportPlan {
  const orphans: Orphan[] = [];
  const conflicts: ExportConflict[] = [];
  const orgs = new Map<string, OrganizationPlan>();
  const adminOf = new Map<string, string>();

  for (const u of data.users) {
    if (u.role !== 'admin') continue;
    if (orgs.has(u.accountId)) {
      orphans.push({ kind: 'account', legacyId: u.accountId, reason: 'the account appears twice' });
      continue;
    }
    orgs.set(u.accountId, { admin: u, accounts: [u], integrations: [], conversations: [], messages: [] });
    adminOf.set(u.accountId, u.accountId);
  }
  for (const u of data.users) {
    if (u.role !== 'staff') continue;
    const org = u.parent_account_id ? orgs.get(u.parent_account_id) : undefined;
    if (!org || adminOf.has(u.accountId)) {
      orphans.push({
        kind: 'account',
        legacyId: u.accountId,
        reason: adminOf.has(u.accountId)
          ? 'the account appears twice'
          : `parent account ${u.parent_account_id ?? '(none)'} is not an admin of this export`,
      });
      continue;
    }
    org.accounts.push(u);
    adminOf.set(u.accountId, org.admin.accountId);
  }

  const pageOwner = new Map<string, string>();
  for (const i of data.integrations) {
    const admin = adminOf.get(i.accountId);
    if (!admin) {
      orphans.push({ kind: 'integration', legacyId: i._id, reason: `account ${i.accountId} belongs to no admin of this export` });
      continue;
    }
    const page = `${i.platform}:${i.oa_id}`;
    const holder = pageOwner.get(page);
    if (holder && holder !== admin) {
      conflicts.push({ legacyId: i._id, reason: `${i.platform} ${i.oa_id} is also owned by admin ${holder} in this export` });
      continue;
    }
    pageOwner.set(page, admin);
    orgs.get(admin)!.integrations.push(i);
  }

  const conversationOrg = new Map<string, OrganizationPlan>();
  for (const c of data.conversations) {
    const admin = adminOf.get(c.accountId);
    const org = admin ? orgs.get(admin) : undefined;
    if (!org) {
      orphans.push({ kind: 'conversation', legacyId: c._id, reason: `account ${c.accountId} belongs to no admin of this export` });
      continue;
    }
    if (!org.integrations.some((i) => i.oa_id === c.oa_id)) {
      orphans.push({ kind: 'conversation', legacyId: c._id, reason: `no integration of ${admin} has page / OA ${c.oa_id}` });
      continue;
    }
    if (conversationOrg.has(c._id)) {
      orphans.push({ kind: 'conversation', legacyId: c._id, reason: 'the conversation appears twice' });
      continue;
    }
    org.conversations.push(c);
    conversationOrg.set(c._id, org);
  }

  const seenMessages = new Set<string>();
  for (const m of data.messages) {
    const org = conversationOrg.get(m.conversation_id);
    if (!org) {
      orphans.push({ kind: 'message', legacyId: m._id, reason: `conversation ${m.conversation_id} is not imported` });
      continue;
    }
    if (seenMessages.has(m._id)) {
      orphans.push({ kind: 'message', legacyId: m._id, reason: 'the message appears twice' });
      continue;
    }
    seenMessages.add(m._id);
    org.messages.push(m);
  }

  return { organizations: [...orgs.values()], orphans, conflicts };
}
