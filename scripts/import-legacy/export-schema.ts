import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The legacy export (seed 004's account-scoped collections), one JSON array per file in the
 * export directory. mongoexport's extended JSON (`{"$oid": …}`, `{"$date": …}`) is accepted as
 * well as plain strings, since that is how such collections usually leave their database.
 */
const legacyId = z.preprocess(
  (v) => (v && typeof v === 'object' && '$oid' in v ? (v as { $oid: unknown }).$oid : v),
  z.union([z.string(), z.number().transform(String)]).pipe(z.string().trim().min(1).max(200)),
);
const legacyDate = z.preprocess(
  (v) => (v && typeof v === 'object' && '$date' in v ? (v as { $date: unknown }).$date : v),
  z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'an invalid date'),
);
/** Facebook page ids and Zalo OA ids are numeric (integrations.external_id's own rule). */
const pageId = z.union([z.string(), z.number().transform(String)]).pipe(z.string().regex(/^[0-9]{1,32}$/, 'a numeric page / OA id'));
const platform = z.enum(['facebook', 'zalo']);

export const legacyUser = z.object({
  accountId: legacyId,
  role: z.enum(['admin', 'staff']),
  parent_account_id: legacyId.nullish(),
  email: z.email().max(320).nullish(),
  name: z.string().trim().max(200).nullish(),
  username: z.string().trim().max(200).nullish(),
  /** An admin's organization name; without it the organization is named after the admin. */
  organization_name: z.string().trim().min(1).max(120).nullish(),
});

export const legacyIntegration = z.object({
  _id: legacyId,
  accountId: legacyId,
  platform,
  oa_id: pageId,
  name: z.string().trim().min(1).max(200).nullish(),
  access_token: z.string().min(1).nullish(),
  refresh_token: z.string().min(1).nullish(),
  token_expires_at: legacyDate.nullish(),
  created_at: legacyDate.nullish(),
});

export const legacyConversation = z.object({
  _id: legacyId,
  accountId: legacyId,
  oa_id: pageId,
  customer_id: z.union([z.string(), z.number().transform(String)]).pipe(z.string().trim().min(1).max(200)),
  unread_count: z.number().int().min(0).default(0),
  created_at: legacyDate,
  updated_at: legacyDate.nullish(),
});

export const legacyMessage = z.object({
  _id: legacyId,
  conversation_id: legacyId,
  accountId: legacyId,
  platform,
  oa_id: pageId,
  sender_id: z.union([z.string(), z.number().transform(String)]).pipe(z.string().trim().min(1).max(200)),
  text: z.string().nullish(),
  created_at: legacyDate,
});

export type LegacyUser = z.infer<typeof legacyUser>;
export type LegacyIntegration = z.infer<typeof legacyIntegration>;
export type LegacyConversation = z.infer<typeof legacyConversation>;
export type LegacyMessage = z.infer<typeof legacyMessage>;
export type LegacyExport = {
  users: LegacyUser[];
  integrations: LegacyIntegration[];
  conversations: LegacyConversation[];
  messages: LegacyMessage[];
};

export const exportFiles = {
  users: { file: 'users.json', schema: legacyUser },
  integrations: { file: 'integrations.json', schema: legacyIntegration },
  conversations: { file: 'conversations.json', schema: legacyConversation },
  messages: { file: 'messages.json', schema: legacyMessage },
} as const;

export class ExportError extends Error {}

/** Reads and validates every file; the first invalid record names its file, index and field. */
export async function readExport(dir: string): Promise<LegacyExport> {
  const out: Partial<Record<keyof LegacyExport, unknown[]>> = {};
  for (const [key, { file, schema }] of Object.entries(exportFiles) as [keyof LegacyExport, (typeof exportFiles)[keyof LegacyExport]][]) {
    const full = path.join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(full, 'utf8'));
    } catch (err) {
      throw new ExportError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (err as Error).message}`);
    }
    const parsed = z.array(z.unknown()).safeParse(raw);
    if (!parsed.success) throw new ExportError(`${file}: expected a JSON array`);
    out[key] = parsed.data.map((item, i) => {
      const r = schema.safeParse(item);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        throw new ExportError(`${file}[${i}].${issue.path.join('.') || '(record)'}: ${issue.message}`);
      }
      return r.data;
    });
  }
  return out as LegacyExport;
}
