import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_SERVER } from 'next/constants';
import { authMode, authModeError } from './lib/env/auth-mode';

/**
 * Headers sent with every response. No Content-Security-Policy yet: a nonce-based CSP needs the
 * middleware and will come with Clerk. `X-Frame-Options: SAMEORIGIN` keeps the dashboard out of
 * other sites' frames. /widget.js (app/widget.js/route.ts) sets its own cross-origin headers,
since customers' pages load it.
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
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
  // `ws` (the Node 20 WebSocket transport for supabase-js) has optional native add-ons
  // (bufferutil, utf-8-validate) that break when bundled: load it from node_modules at runtime.
  serverExternalPackages: ['ws'],
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

