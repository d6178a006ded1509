import nodemailer from 'nodemailer';
import { env } from '../env.ts';

// Two transports, chosen by environment (EMAIL_TRANSPORT=smtp|resend; unset: resend when
// RESEND_API_KEY is set, else smtp). Both carry the outbox row's stable identity, which makes the
// one unsafe window (sent, then crashed before the outbox row was marked) harmless:
//   - Resend: `Idempotency-Key: email/<outbox id>`; Resend answers a repeated key with the first
//     send's id and does not send again (keys live 24 hours, far beyond the sender's lease);
//   - SMTP: `Message-ID: <outbox id@sender domain>`; SMTP has no idempotency, but a repeat carries
//     the same Message-ID, which mail clients and most providers collapse into one message.

export interface Email {
  /** the outbox row's id: Message-ID and Idempotency-Key */
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export interface SendResult {
  providerId: string;
}

/** permanent: retrying cannot help (a refused address, a rejected request). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface Transport {
  name: 'smtp' | 'resend';
  send(email: Email): Promise<SendResult>;
  close(): void;
}

export function messageIdFor(email: Pick<Email, 'id' | 'from'>): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(email.from)?.[1] ?? 'concierge.invalid';
  return `<${email.id}@${domain}>`;
}

export function configuredTransport(): Transport {
  const choice = Deno.env.get('EMAIL_TRANSPORT') ?? (Deno.env.get('RESEND_API_KEY') ? 'resend' : 'smtp');
  if (choice === 'resend') return resendTransport();
  if (choice === 'smtp') return smtpTransport();
  throw new Error(`EMAIL_TRANSPORT must be smtp or resend, not ${choice}`);
}

function smtpTransport(): Transport {
  const port = Number(Deno.env.get('SMTP_PORT') ?? '587');
  const user = Deno.env.get('SMTP_USER');
  const secure = (Deno.env.get('SMTP_SECURE') ?? (port === 465 ? 'true' : 'false')) === 'true';
  const transporter = nodemailer.createTransport({
    host: env('SMTP_HOST'),
    port,
    secure,
    auth: user ? { user, pass: env('SMTP_PASSWORD') } : undefined,
    // a local catcher (MailDev) offers no TLS; a real server on 587 must (STARTTLS required)
    requireTLS: !secure && Boolean(user),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    name: 'smtp',
    async send(email) {
      try {
        const info = await transporter.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
          messageId: messageIdFor(email),
        });
        return { providerId: info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx replies are the server's final word on this message; anything else may pass later
        throw new SendError(error instanceof Error ? error.message : String(error), code !== undefined && code >= 500 && code < 600);
      }
    },
    close: () => transporter.close(),
  };
}

function resendTransport(): Transport {
  const base = Deno.env.get('RESEND_API_URL') ?? 'https://api.resend.com';
  const apiKey = env('RESEND_API_KEY');
  return {
    name: 'resend',
    async send(email) {
      let res: Response;
      try {
        res = await fetch(`${base}/emails`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${apiKey}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': `email/${email.id}`,
          },
          body: JSON.stringify({
            from: email.from,
            to: [email.to],
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: { ...email.headers, 'Message-ID': messageIdFor(email) },
          }),
          signal: AbortSignal.timeout(20_000),
        });
      } catch (error) {
        throw new SendError(error instanceof Error ? error.message : String(error), false);
      }
      const body = (await res.json().catch(() => ({}))) as { id?: string; message?: string; name?: string };
      if (res.ok && typeof body.id === 'string') return { providerId: body.id };
      // 429 and 5xx pass; other 4xx (validation, a refused domain, a key reused with another body) do not
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
      throw new SendError(`resend ${res.status}: ${body.name ?? ''} ${body.message ?? ''}`.trim(), permanent);
    },
    close: () => {},
  };
}
