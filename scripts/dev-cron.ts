import type { StackConfig } from './stack/config';
import type { StackKeys } from './stack/keys';

/**
 * The local stand-in for the hosted pg_cron job (supabase/migrations/…_schedule_summaries_cron.sql):
 * every few minutes, ask the summarize function to summarize finished conversations of every
 * organization, with the cron secret, as the scheduler does in production.
 */
export function startSummaryCron(config: StackConfig, keys: StackKeys, everyMs = 5 * 60_000): () => void {
  return startCron(config, keys, 'summarize', everyMs, 30_000);
}

/**
 * The local stand-in for the hosted email job (…_schedule_email_sender_cron.sql): the outbox is
 * delivered to the stack's MailDev every 15 seconds.
 */
export function startEmailCron(config: StackConfig, keys: StackKeys, everyMs = 15_000): () => void {
  return startCron(config, keys, 'email-sender', everyMs, 5_000);
}

/**
 * The local stand-in for the hosted channel job (…_schedule_channel_sender_cron.sql): replies on
 * Facebook and Zalo conversations leave the outbox every 10 seconds.
 */
export function startChannelCron(config: StackConfig, keys: StackKeys, everyMs = 10_000): () => void {
  return startCron(config, keys, 'channel-sender', everyMs, 5_000);
}

/**
 * The local stand-in for the hosted webhook job (…_create_webhooks.sql): the webhook outbox is
 * delivered every 10 seconds.
 */
export function startWebhookCron(config: StackConfig, keys: StackKeys, everyMs = 10_000): () => void {
  return startCron(config, keys, 'webhook-sender', everyMs, 5_000);
}

function startCron(config: StackConfig, keys: StackKeys, fn: string, everyMs: number, firstMs: number): () => void {
  const run = async () => {
    try {
      const res = await fetch(`${config.apiUrl}/functions/v1/${fn}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${keys.cronSecret}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      if (!res.ok) console.error(`[cron] ${fn} answered ${res.status}: ${await res.text()}`);
      else await res.body?.cancel();
    } catch (error) {
      console.error(`[cron] ${fn} is not reachable`, error instanceof Error ? error.message : error);
    }
  };
  // run catches its own failures (it only logs them), so nothing awaits it
  const timer = setInterval(() => void run(), everyMs);
  const first = setTimeout(() => void run(), firstMs);
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}
