import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';
import { NextResponse, type NextFetchEvent, type NextMiddleware, type NextRequest } from 'next/server';
import { SESSION_COOKIE, verifySessionCookie } from '@/lib/auth/session-cookie';
import { TICKET_REF } from '@/lib/dashboard/ticket-ref';
import { serverEnv } from '@/lib/env/server';

/**
 * Next 16's middleware. Signed-out visitors of the dashboard go to the sign-in page; pages check
 * the session again themselves (this is the fast path, not the only guard).
 * Clerk: clerkMiddleware, with the active Clerk organization synced from the URL
 * (/dashboard/<slug>/…), so the session token's `o` claim names the organization on screen.
 * Local: the signed session cookie.
 */
const isDashboard = createRouteMatcher(['/dashboard(.*)']);

let clerkProxy: NextMiddleware | undefined;
function getClerkProxy(): NextMiddleware {
  clerkProxy ??= clerkMiddleware(
    async (auth, request) => {
      if (isDashboard(request)) await auth.protect();
    },
    {
      // Clerk's PEM public key (dashboard → API keys → JWT public key): sessions are verified
      // without fetching the JWKS from Clerk's Backend API. @clerk/nextjs does not read
      // CLERK_JWT_KEY itself, only this option; unset, it fetches (and caches) the JWKS.
      jwtKey: process.env.CLERK_JWT_KEY || undefined,
      signInUrl: '/sign-in',
      signUpUrl: '/sign-up',
      organizationSyncOptions: { organizationPatterns: ['/dashboard/:slug', '/dashboard/:slug/(.*)'] },
    },
  );
  return clerkProxy;
}

function toSignIn(request: NextRequest) {
  const url = new URL('/sign-in', request.url);
  url.searchParams.set('redirect_url', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

/**
 * URLs that can name no page: a path whose percent-encoding is malformed (decoding it, as route
 * matching does, would throw: a 500), or a dashboard ticket URL whose last segment is no ticket
 * reference. They are answered 404 here, before any page renders or reads the database (the
 * ticket page answers 404 itself for a well-formed reference that names no ticket).
 */
function unroutable(pathname: string): boolean {
  try {
    decodeURI(pathname);
  } catch {
    return true;
  }
  const ticket = /^\/dashboard\/[^/]+\/tickets\/([^/]+)\/?$/.exec(pathname)?.[1];
  return ticket !== undefined && !TICKET_REF.test(ticket);
}

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (unroutable(request.nextUrl.pathname)) return NextResponse.rewrite(new URL('/404', request.url), { status: 404 });
  let env: ReturnType<typeof serverEnv>;
  try {
    env = serverEnv();
  } catch {
    // misconfigured: let the page render and explain what is missing
    return NextResponse.next();
  }
  if (env.AUTH_PROVIDER === 'clerk') return getClerkProxy()(request, event);
  if (!isDashboard(request)) return NextResponse.next();
  const key = { privateJwk: env.LOCAL_AUTH_PRIVATE_JWK, issuer: env.LOCAL_AUTH_ISSUER };
  const userId = await verifySessionCookie(key, request.cookies.get(SESSION_COOKIE)?.value);
  return userId ? NextResponse.next() : toSignIn(request);
}

export const config = {
  matcher: ['/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)', '/(api|trpc)(.*)'],
};
