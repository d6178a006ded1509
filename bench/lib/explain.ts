import type pg from 'pg';

/**
 * `explain (analyze, buffers)` of a query run the way PostgREST runs it: role `authenticated`,
 * the token's claims in request.jwt.claims, inside a transaction that is rolled back.
 */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface Explained {
  plan: PlanNode;
  executionMs: number;
  planningMs: number;
}

export async function explainAs(client: pg.Client, claims: Record<string, unknown>, query: string, prepare: string[] = []): Promise<Explained> {
  await client.query('begin');
  try {
    for (const statement of prepare) await client.query(statement);
    await client.query(`set local role authenticated`);
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }] }>(
      `explain (analyze, buffers, format json) ${query}`,
    );
    const top = rows[0]!['QUERY PLAN'][0];
    return { plan: top.Plan, executionMs: top['Execution Time'], planningMs: top['Planning Time'] };
  } finally {
    await client.query('rollback');
  }
}

export function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

export interface TenantScanCheck {
  ok: boolean;
  /** rows the scans of `table` produced (before LIMIT), loops included */
  rowsRead: number;
  rowsRemoved: number;
  scans: string[];
  buffers: number;
  problems: string[];
}

/**
 * Did the plan read only the active tenant's rows of `table`? Every scan of it must be bounded by
 * organization_id (an index condition, or a bitmap scan's), nothing may be thrown away by a filter,
 * and no more rows read than `maxRows` (the latest 50 come straight off the index).
 */
export function checkTenantScan(plan: PlanNode, table: string, maxRows: number): TenantScanCheck {
  const scans = nodes(plan).filter((n) => n['Relation Name'] === table);
  const problems: string[] = [];
  let rowsRead = 0;
  let rowsRemoved = 0;
  for (const n of scans) {
    rowsRead += (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
    rowsRemoved += (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0);
    // an index scan, or a bitmap heap scan (small tenants), bounded by organization_id
    const bound = /Index (Only )?Scan/.test(n['Node Type']) ? n['Index Cond'] : n['Node Type'] === 'Bitmap Heap Scan' ? n['Recheck Cond'] : undefined;
    if (bound === undefined) problems.push(`${n['Node Type']} on ${table}`);
    else if (!/organization_id/.test(bound)) problems.push(`${n['Node Type']} on ${table} not bounded by organization_id`);
  }
  if (scans.length === 0) problems.push(`no scan of ${table}`);
  if (rowsRemoved > 0) problems.push(`${rowsRemoved} rows of ${table} read and filtered out`);
  if (rowsRead > maxRows) problems.push(`${rowsRead} rows of ${table} read for a ${maxRows}-row answer`);
  // the top node's counts include its children's
  const buffers = (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
  const describe = (n: PlanNode) => {
    const cond = n['Index Cond'] ?? n['Recheck Cond'];
    return `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${cond ? ` (${cond})` : ''}`;
  };
  return { ok: problems.length === 0, rowsRead, rowsRemoved, scans: scans.map(describe), buffers, problems };
}
