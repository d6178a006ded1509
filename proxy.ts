import { NextResponse, type NextRequest } from 'next/server';

/**
 * Next 16's name for middleware. A pass-through for now: Clerk's `clerkMiddleware()` takes its
 * place with the dashboard. The matcher is the one Clerk recommends, so it already skips Next
 * internals and static files but always runs for API routes.
 */
export function proxy(_request: NextRequest) {
  return NextResponse.next();
}

export const config = {
  matcher: [
    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    '/(api|trpc)(.*)',
  ],
};
