import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LegacyConversation, LegacyExport, LegacyIntegration, LegacyMessage, LegacyUser } from '@/scripts/import-legacy/export-schema';

type Options = {
  /** Unique per test run: every id, email and page id derives from it (the database is shared). */
  tag: string;
  admins?: number;
  staffPerAdmin?: number;
  conversationsPerAdmin?: number;
  messages?: number;
};

/**
 * A legacy export in seed 004's shape: admins with staff (parent_account_id), a Facebook Page and
 * a Zalo OA per admin (the Page's token included), conversations with unread counts, and
 * messages alternating customer / staff, spread over the conversations. Deterministic for a tag.
 */
export function legacyExport({ tag, admins = 2, staffPerAdmin = 2, conversationsPerAdmin = 10, messages = 1000 }: Options): LegacyExport {
  const users: LegacyUser[] = [];
  const integrations: LegacyIntegration[] = [];
  const conversations: LegacyConversation[] = [];
  const out: LegacyMessage[] = [];
  // page / OA ids are numeric: derive them from the tag's hash so parallel runs do not collide
  let seed = [...tag].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);
  const page = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return `9${String(seed).padStart(10, '0')}${String(integrations.length).padStart(4, '0')}`;
  };
  const t0 = Date.parse('2025-06-01T08:00:00Z');
  for (let a = 0; a < admins; a++) {
    const admin = `admin-${tag}-${a}`;
    users.push({
      accountId: admin,
      role: 'admin',
      email: `${admin}@legacy.example.com`,
      name: `Admin ${a}`,
      organization_name: `Legacy ${tag} ${a}`,
    });
    for (let s = 0; s < staffPerAdmin; s++) {
      users.push({
        accountId: `staff-${tag}-${a}-${s}`,
        role: 'staff',
        parent_account_id: admin,
        email: `staff-${tag}-${a}-${s}@legacy.example.com`,
        username: `staff${s}`,
      });
    }
    const fb = page();
    integrations.push({
      _id: `int-${tag}-${a}-fb`,
      accountId: admin,
      platform: 'facebook',
      oa_id: fb,
      name: `Page ${a}`,
      access_token: `EAAG-page-token-${tag}-${a}`,
      created_at: new Date(t0),
    });
    const zalo = page();
    integrations.push({ _id: `int-${tag}-${a}-zalo`, accountId: admin, platform: 'zalo', oa_id: zalo, name: `OA ${a}`, created_at: new Date(t0) });
    for (let c = 0; c < conversationsPerAdmin; c++) {
      const handler = c % (staffPerAdmin + 1) === 0 ? admin : `staff-${tag}-${a}-${(c % (staffPerAdmin + 1)) - 1}`;
      conversations.push({
        _id: `conv-${tag}-${a}-${c}`,
        accountId: handler,
        oa_id: c % 2 === 0 ? fb : zalo,
        customer_id: `${1000 + c}${a}`,
        unread_count: c % 3,
        created_at: new Date(t0 + c * 60_000),
      });
    }
  }
  for (let i = 0; i < messages; i++) {
    const conv = conversations[i % conversations.length]!;
    const platform = integrations.find((x) => x.oa_id === conv.oa_id)!.platform;
    const fromCustomer = Math.floor(i / conversations.length) % 2 === 0;
    out.push({
      _id: `msg-${tag}-${i}`,
      conversation_id: conv._id,
      accountId: conv.accountId,
      platform,
      oa_id: conv.oa_id,
      sender_id: fromCustomer ? conv.customer_id : conv.accountId,
      text: fromCustomer ? `Customer question ${i}` : `Staff answer ${i}`,
      created_at: new Date(conv.created_at.getTime() + 1000 * (i + 1)),
    });
  }
  return { users, integrations, conversations, messages: out };
}

/** Writes an export as the importer reads it (users.json, integrations.json, …) into a new temp dir. */
export async function writeLegacyExport(data: LegacyExport) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'legacy-export-'));
  for (const [name, rows] of Object.entries(data)) await writeFile(path.join(dir, `${name}.json`), JSON.stringify(rows, null, 2));
  return dir;
}
