import { strToU8, zipSync } from 'fflate';

/** An organization's export as public.export_organization returns it: table name → rows. */
export type OrganizationExport = Record<string, unknown[]>;

const README = `Concierge organization export

One JSON file per table, each an array of that table's rows of this organization (organizations.json
holds the organization itself, users.json the accounts of its members). Credentials and their hashes
(API-key hashes, website identity secrets, visitor session-token hashes, channel tokens) are left out.
`;

/** The export as a zip of one JSON file per table (the dashboard's download and `npm run org:export`). */
export function organizationZip(doc: OrganizationExport, exportedAt: Date = new Date()): Uint8Array {
  const files: Record<string, Uint8Array> = { 'README.txt': strToU8(`${README}\nExported at ${exportedAt.toISOString()}.\n`) };
  for (const [table, rows] of Object.entries(doc).sort(([a], [b]) => a.localeCompare(b))) {
    files[`${table}.json`] = strToU8(`${JSON.stringify(rows, null, 2)}\n`);
  }
  return zipSync(files, { level: 6, mtime: exportedAt });
}

/** The file name a download gets: <slug>-export-<YYYY-MM-DD>.zip */
export const exportFileName = (slug: string, at: Date = new Date()) => `${slug}-export-${at.toISOString().slice(0, 10)}.zip`;
