/** One row of the benchmark's table: a scenario, its baseline, the ratio and the target. */
export interface SideFigures {
  label: string;
  median?: number;
  p95?: number;
  /** requests (or messages) per second */
  rate?: number;
  unit: 'ms' | 'req/s' | 'msg/s' | 'rows/s' | 'KiB' | 's';
}

export interface Target {
  op: '<=' | '>=';
  value: number;
  /** extra condition in words, e.g. "explain: no other tenant's rows" */
  also?: string;
  /** also met when A's median is at most this many ms above B's (streaming: "or +50 ms") */
  orWithinMs?: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  status: 'measured' | 'not measured' | 'failed';
  a?: SideFigures;
  b?: SideFigures;
  ratio?: number;
  /** what the ratio divides, e.g. "member / service role" */
  ratioOf?: string;
  target?: Target;
  /** false when an extra condition (plan check, merged chunks) failed even if the ratio is fine */
  conditionsMet?: boolean;
  /** explain summaries, per-round ratios, why not measured */
  notes: string[];
  /** what meeting a missed target would take (shown in the closing note) */
  remedy?: string;
  details?: Record<string, unknown>;
}

export function passed(r: ScenarioResult): boolean | undefined {
  if (r.status !== 'measured' || !r.target || r.ratio === undefined) return undefined;
  const byRatio = r.target.op === '<=' ? r.ratio <= r.target.value : r.ratio >= r.target.value;
  const within = r.target.orWithinMs;
  const byMargin = within !== undefined && r.a?.median !== undefined && r.b?.median !== undefined && r.a.median - r.b.median <= within;
  return (byRatio || byMargin) && r.conditionsMet !== false;
}

export const notMeasured = (id: string, title: string, why: string, target?: Target): ScenarioResult => ({
  id,
  title,
  status: 'not measured',
  target,
  notes: [why],
});
