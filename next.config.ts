import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_SERVER } from 'next/constants';
import { authMode, authModeError } from './lib/env/auth-mode';

/** The Clerk Frontend API origin a publishable key names (pk_live_/pk_test_ + base64 of "<host>$"). */
function clerkOrigin(publishableKey: string | undefined): string | undefined {
  const host = Buffer.from(publishableKey?.split('_')[2] ?? '', 'base64')
    .toString()
    .replace(/\$$/, '');
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host) ? `https://${host}` : undefined;
}

/**
 * Content-Security-Policy for every page. Scripts, styles, images and fonts come from this app
 * only; the browser talks to this app and the Supabase API (the dashboard's realtime socket, the
 * demo pages' widget calls) and nothing else, so an injected script has nowhere to send what it
 * reads; no plugins, no <base> or form targets elsewhere, and no framing (frame-ancestors).
 * 'unsafe-inline' stays for scripts because Next's and Mantine's bootstrap scripts are inline
 * and carry no nonce without per-request rendering; styles need it for Mantine's style props.
 * In development, Next's dev overlay needs 'unsafe-eval'. With Clerk, its Frontend API, avatar
 * images and bot-protection frame are added, as Clerk's CSP guide lists them.
 * The policy is fixed at build time: NEXT_PUBLIC_SUPABASE_URL and the Clerk key are build inputs.
 */
function contentSecurityPolicy(): string {
  const supabase = new URL(process.env.NEXT_PUBLIC_SUPABASE_URL || 'http://127.0.0.1:54321').origin;
  const clerk = clerkOrigin(process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  const dev = process.env.NODE_ENV !== 'production';
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : []), ...(clerk ? [clerk, 'https://challenges.cloudflare.com'] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...(clerk ? ['https://img.clerk.com'] : [])],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", supabase, supabase.replace(/^http/, 'ws'), ...(clerk ? [clerk] : [])],
    'frame-src': clerk ? ['https://challenges.cloudflare.com'] : ["'none'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * Headers sent with every response. `X-Frame-Options: DENY` says what frame-ancestors says, for
 * browsers without CSP level 2: no page of the app is ever framed (the app frames nothing itself). /widget.js (app/widget.js/route.ts)
 * sets its own cross-origin headers, since customers' pages load it; a policy on a script
 * response does not apply to the page that loads it, so customers' sites are unaffected.
 */
const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy() },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), browsing-topics=()' },
];

// Tests run their own `next dev` beside a developer's (Next allows one per build dir). Next adds
// its build dir's type globs to the tsconfig it uses, so a test build gets a tsconfig of its own
// (written by tests/setup/app-server.ts) and the committed one stays untouched.
const distDir = process.env.NEXT_DIST_DIR ?? '.next';

const baseConfig: NextConfig = {
  distDir,
  ...(distDir === '.next' ? {} : { typescript: { tsconfigPath: `tsconfig.${distDir.replace(/^\./, '')}.json` } }),
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() (next/navigation): admin-only pages answer other roles with a real 403 (app/forbidden.tsx)
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

/**
 * `next start` evaluates this before it serves anything (before it even looks for a build), so a
 * production server with no explicit AUTH_PROVIDER, or with the local sign-in and no override,
 * exits here with a message naming the variable. serverEnv() applies the same rule on every use.
 */
export default function nextConfig(phase: string): NextConfig {
  if (phase === PHASE_PRODUCTION_SERVER) {
    const mode = authMode(process.env);
    if (!mode.ok) throw new Error(authModeError(mode));
  }
  return baseConfig;
}
