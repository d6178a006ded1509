import type { Ctx } from '../context';
import { crashChat } from './crash-chat';
import { crashIngest } from './crash-ingest';
import { flakyNetwork } from './flaky-network';
import { sustainedLoad } from './load';
import { widgetBrowser } from './widget-browser';

export interface Scenario {
  id: string;
  title: string;
  run(ctx: Ctx): Promise<{ holds: boolean }>;
}

export const SCENARIOS: Scenario[] = [
  { id: 'crash-chat', title: 'kill -9 during widget conversations', run: (ctx) => crashChat(ctx) },
  { id: 'widget-browser', title: 'the widget in Chromium recovers from each restart by itself', run: widgetBrowser },
  { id: 'crash-ingest', title: 'kill -9 during ingest batches and escalations', run: crashIngest },
  { id: 'flaky-network', title: 'latency, resets and black holes between the parts', run: flakyNetwork },
  { id: 'load', title: 'sustained mixed load in rising steps', run: sustainedLoad },
];
