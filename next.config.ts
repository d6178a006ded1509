import type { NextConfig } from 'next';

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

const nextConfig: NextConfig = {
  distDir,
  ...(distDir === '.next' ? {} : { typescript: { tsconfigPath: `tsconfig.${distDir.replace(/^\./, '')}.json` } }),
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
