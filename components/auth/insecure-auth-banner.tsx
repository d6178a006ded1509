/**
 * On every page while the local sign-in runs with CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH=1 (the only
 * way it runs on a production server): anyone can sign in as anyone, and visitors must be told.
 * Fixed to the bottom edge so no page's own fixed header hides it; it lets clicks through to
 * whatever lies under it.
 */
export function InsecureAuthBanner() {
  return (
    <aside className="insecure-auth-banner" role="note" aria-label="Insecure sign-in" data-testid="insecure-local-auth-banner">
      Local insecure sign-in is enabled: anyone can sign in as any user without a password. Not for real data.
    </aside>
  );
}
