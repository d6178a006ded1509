import type { BenchContext } from '../lib/context';
import type { ScenarioResult } from '../lib/result';
import { dashboard } from './dashboard';
import { batchIngest, widgetIngestion } from './ingest';
import { forgottenFilter, jwtCost, policyAnchors, rlsList } from './rls';
import { realtimeLatency, realtimeWidget } from './realtime';
import { stackStart } from './stack-start';
import { streamingRelay } from './streaming';
import { tenantCount } from './tenants';
import { widgetWeight } from './widget-weight';

/** Every scenario, in the order the table shows them. `id` is what --only / --skip take. */
export interface Scenario {
  id: string;
  run: (ctx: BenchContext) => Promise<ScenarioResult | ScenarioResult[]>;
}

export const SCENARIOS: Scenario[] = [
  { id: 'rls-list', run: rlsList },
  { id: 'forgotten-filter', run: forgottenFilter },
  { id: 'anchors', run: policyAnchors },
  { id: 'tenant-count', run: tenantCount },
  { id: 'jwt-cost', run: jwtCost },
  { id: 'widget-ingestion', run: widgetIngestion },
  { id: 'batch-ingest', run: batchIngest },
  { id: 'streaming-relay', run: streamingRelay },
  { id: 'realtime-latency', run: realtimeLatency },
  { id: 'realtime-widget', run: realtimeWidget },
  { id: 'dashboard', run: dashboard },
  { id: 'widget-weight', run: widgetWeight },
  { id: 'stack-start', run: stackStart },
];
