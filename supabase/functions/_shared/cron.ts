/**
 * The scheduler's credential (pg_cron + pg_net hosted, a timer in `npm run dev` locally):
 * `Authorization: Bearer <CRON_SECRET>`. Constant-time: both sides are hashed first, so neither
 * length nor content leaks through timing.
 */
export async function isCronSecret(token: string): Promise<boolean> {
  const secret = Deno.env.get('CRON_SECRET');
  if (!secret) return false;
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([token, secret].map((s) => crypto.subtle.digest('SHA-256', encoder.encode(s))));
  const x = new Uint8Array(a!);
  const y = new Uint8Array(b!);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/** The bearer token of a request, if any. */
export function bearer(request: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
}
