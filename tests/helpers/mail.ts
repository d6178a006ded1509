import { config, keys, sql } from './stack';

/** What MailDev's REST API (GET /api/email) says of one received email. */
export interface ReceivedEmail {
  id: string;
  subject: string;
  to: { address: string }[];
  from: { address: string; name: string }[];
  headers: Record<string, string>;
  html: string;
  text: string;
}

/** Every email the stack's MailDev holds for that address (lower-case). */
export async function mailTo(address: string): Promise<ReceivedEmail[]> {
  const res = await fetch(`${config.mailUrl}/api/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const all = (await res.json()) as ReceivedEmail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** A header of the email as sent (the raw source: MailDev's JSON leaves List-* headers out), unfolded. */
export async function headerOf(email: ReceivedEmail, name: string): Promise<string | undefined> {
  const res = await fetch(`${config.mailUrl}/api/email/${email.id}/source`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const head = (await res.text()).split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/**
 * Puts off the mail other test files left due (hundreds of escalation emails by the end of a run:
 * every ticket a test opens tells Acme's agents). Files run one at a time, so nobody waits for
 * those any more; without this one sender run drains them all, past a test's time limit, and in a
 * shuffled order that depends on which files ran before.
 */
export async function deferEarlierMail(): Promise<void> {
  await sql(`update public.email_outbox set not_before = now() + interval '1 day' where status = 'pending'`);
}

/** Runs the outbox sender once, as the scheduler does (the stack's runtime unless told another). */
export async function runSender(
  functionsUrl = `${config.apiUrl}/functions/v1`,
): Promise<{ transport: string; sent: number; retried: number; failed: number }> {
  const res = await fetch(`${functionsUrl}/email-sender`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${keys.cronSecret}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`email-sender ${res.status}: ${await res.text()}`);
  return (await res.json()) as { transport: string; sent: number; retried: number; failed: number };
}

/** The first link in an email's HTML whose href starts with prefix. */
export function linkIn(email: ReceivedEmail, prefix: string): string | undefined {
  const hrefs = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  return hrefs.find((h) => h.startsWith(prefix));
}
