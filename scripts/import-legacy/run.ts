import pg from 'pg';
import { importOrganization, ImportConflict, type ImportOptions, type OrganizationResult } from './apply';
import type { LegacyExport } from './export-schema';
import { planImport, type ExportConflict, type Orphan, type OrganizationPlan } from './plan';

export type Verification = {
  kind: 'account' | 'integration' | 'conversation' | 'message';
  expected: number;
  recorded: number;
  present: number;
};

export type OrganizationOutcome =
  | { admin: string; status: 'imported' | 'would import'; result: OrganizationResult; verification?: Verification[] }
  | { admin: string; status: 'conflict' | 'failed'; error: string };

export type ImportReport = {
  dryRun: boolean;
  organizations: OrganizationOutcome[];
  orphans: Orphan[];
  conflicts: ExportConflict[];
  /** Every organization imported (or would be) and every verification figure matches. */
  ok: boolean;
};

/**
 * One transaction per organization: it commits whole or not at all, so a failure (a page held
 * by another organization, a lost connection) leaves the organizations before it imported and
 * the next run resumes with the rest. A dry run performs each organization's import exactly as
 * a run would and rolls it back, so its figures (and its conflicts) are the real ones.
 */
export async function runImport(data: LegacyExport, opts: ImportOptions & { databaseUrl: string; dryRun: boolean }): Promise<ImportReport> {
  const plan = planImport(data);
  const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'import-legacy' });
  await client.connect();
  const organizations: OrganizationOutcome[] = [];
  try {
    for (const org of plan.organizations) {
      await client.query('begin');
      try {
        const result = await importOrganization(client, org, opts);
        if (opts.dryRun) {
          await client.query('rollback');
          organizations.push({ admin: org.admin.accountId, status: 'would import', result });
        } else {
          await client.query('commit');
          organizations.push({
            admin: org.admin.accountId,
            status: 'imported',
            result,
            verification: await verify(client, result.organization.id, org),
          });
        }
      } catch (err) {
        await client.query('rollback');
        if (!(err instanceof ImportConflict) && !(err instanceof pg.DatabaseError)) throw err;
        organizations.push({
          admin: org.admin.accountId,
          status: err instanceof ImportConflict ? 'conflict' : 'failed',
          error: err.message,
        });
      }
    }
  } finally {
    await client.end();
  }
  const ok = organizations.every(
    (o) => !('error' in o) && (o.verification ?? []).every((v) => v.expected === v.recorded && v.recorded === v.present),
  );
  return { dryRun: opts.dryRun, organizations, orphans: plan.orphans, conflicts: plan.conflicts, ok: ok && plan.conflicts.length === 0 };
}

/** After the commit, from SQL: each kind's legacy records, and how many still point at a real row. */
async function verify(client: pg.Client, org: string, plan: OrganizationPlan): Promise<Verification[]> {
  const { rows } = await client.query<{ kind: Verification['kind']; recorded: number; present: number }>(
    `select r.kind, count(*)::int as recorded, count(*) filter (where case r.kind
        when 'account' then r.record_id is null or exists (select 1 from public.organization_members m
          where m.organization_id = r.organization_id and m.user_id = r.record_id)
        when 'integration' then exists (select 1 from public.integrations x where x.organization_id = r.organization_id and x.id = r.record_id::uuid)
        when 'conversation' then exists (select 1 from public.conversations x where x.organization_id = r.organization_id and x.id = r.record_id::uuid)
        when 'message' then exists (select 1 from public.messages x where x.organization_id = r.organization_id and x.id = r.record_id::uuid)
      end)::int as present
     from private.legacy_records r where r.organization_id = $1
       and r.legacy_id = any(case r.kind when 'account' then $2::text[] when 'integration' then $3::text[]
                                         when 'conversation' then $4::text[] else $5::text[] end)
     group by r.kind`,
    [
      org,
      plan.accounts.map((a) => a.accountId),
      plan.integrations.map((i) => i._id),
      plan.conversations.map((c) => c._id),
      plan.messages.map((m) => m._id),
    ],
  );
  const expected = {
    account: plan.accounts.length,
    integration: plan.integrations.length,
    conversation: plan.conversations.length,
    message: plan.messages.length,
  };
  return (Object.keys(expected) as Verification['kind'][]).map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return { kind, expected: expected[kind], recorded: row?.recorded ?? 0, present: row?.present ?? 0 };
  });
}

/** The report people read: one block per organization, then orphans and conflicts. */
export function formatReport(report: ImportReport) {
  const lines = [report.dryRun ? 'Legacy import — DRY RUN (nothing written)' : 'Legacy import'];
  for (const o of report.organizations) {
    if ('error' in o) {
      lines.push(`\n admin ${o.admin}: ${o.status.toUpperCase()} — ${o.error} (nothing written for it)`);
      continue;
    }
    const r = o.result;
    lines.push(
      `\n admin ${o.admin} → organization ${r.organization.slug} (${r.organization.action}) — ${o.status}`,
      `  accounts       joined ${r.accounts.joined}, already members ${r.accounts.alreadyMembers}, invited ${r.accounts.invited}, no email ${r.accounts.noEmail}`,
      `  integrations   created ${r.integrations.created}, reused ${r.integrations.reused}, already imported ${r.integrations.alreadyImported} (tokens sealed ${r.integrations.tokensSealed}, needs reconnect ${r.integrations.needsReconnect})`,
      `  conversations  created ${r.conversations.created}, merged ${r.conversations.merged}, already imported ${r.conversations.alreadyImported}`,
      `  messages       created ${r.messages.created}, already imported ${r.messages.alreadyImported}`,
    );
    if (o.verification) {
      lines.push(
        `  verification   ${o.verification.map((v) => `${v.kind}s ${v.present}/${v.expected}${v.expected === v.recorded && v.recorded === v.present ? '' : ' MISMATCH'}`).join(', ')}`,
      );
    }
  }
  lines.push(`\n orphans (left out): ${report.orphans.length}`);
  for (const o of report.orphans.slice(0, 20)) lines.push(`  ${o.kind} ${o.legacyId}: ${o.reason}`);
  if (report.orphans.length > 20) lines.push(`  … and ${report.orphans.length - 20} more`);
  lines.push(` conflicts in the export: ${report.conflicts.length}`);
  for (const c of report.conflicts) lines.push(`  integration ${c.legacyId}: ${c.reason}`);
  lines.push(`\n${report.ok ? 'OK' : 'NOT COMPLETE: fix the conflicts above and run again (imported organizations are skipped)'}`);
  return lines.join('\n');
}
