import { Callout } from '@/components/callout';
import { Hero } from '@/components/hero';
import { OrgCard } from '@/components/org-card';
import { Stat } from '@/components/stat';
import { DEMO_ORG, DEMO_USER, loadLocalDemo, type DemoView } from './_lib/local-demo';

// Reads the database on every request, as the demo user; never prerendered.
export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const view = await loadLocalDemo();
  return (
    <>
      <Hero />
      <section className="panel" aria-labelledby="stack-heading">
        <h2 id="stack-heading" className="panel__title">
          Local stack
        </h2>
        <StackPanel view={view} />
      </section>
    </>
  );
}

function StackPanel({ view }: { view: DemoView }) {
  switch (view.kind) {
    case 'ok':
      return (
        <>
          <p className="signed-in">
            <span className="dot dot--ok" aria-hidden="true" />
            Signed in locally as <strong>{DEMO_USER.name}</strong> (demo) · <code>{DEMO_USER.id}</code>
          </p>
          <div className="panel__grid">
            <Stat label={view.organizations.length === 1 ? 'organization' : 'organizations'} value={view.organizations.length} />
            <Stat label={view.ticketCount === 1 ? 'ticket visible to you' : 'tickets visible to you'} value={view.ticketCount} />
          </div>
          {view.organizations.length > 0 ? (
            <ul className="org-list" aria-label="Your organizations">
              {view.organizations.map((org) => (
                <OrgCard
                  key={org.id}
                  name={org.name}
                  slug={org.slug}
                  ticketPrefix={org.ticket_prefix}
                  active={org.id === DEMO_ORG.id}
                />
              ))}
            </ul>
          ) : (
            <p className="muted">
              No organizations visible to this user. Is the seed loaded (<code>supabase/seed.sql</code>)?
            </p>
          )}
          <p className="muted small">
            Read through PostgREST at <code>{view.apiUrl}</code> with a locally signed, Clerk-shaped token; row-level
            security decided what you see.
          </p>
        </>
      );
    case 'unreachable':
      return (
        <Callout tone="error" title="The local Supabase stack is not reachable">
          <p>
            No usable answer from <code>{view.apiUrl}</code>. Start the stack with <code>npm run stack -- up</code>, then
            reload this page.
          </p>
          <pre className="detail">{view.detail}</pre>
        </Callout>
      );
    case 'rejected':
      return (
        <Callout tone="error" title="The stack answered with an error">
          <p>
            {rejectionAdvice(view.code)} Reached <code>{view.apiUrl}</code>.
          </p>
          <pre className="detail">
            {view.code}: {view.message}
            {view.hint ? `\nhint: ${view.hint}` : ''}
          </pre>
        </Callout>
      );
    case 'misconfigured':
      return (
        <Callout tone="warning" title="The app is not configured">
          <p>
            Fix the variables below, then restart the server. For the local stack,{' '}
            <code>npm run -s stack -- env &gt; .env.local</code> writes them all.
          </p>
          <pre className="detail">{view.message}</pre>
        </Callout>
      );
    case 'clerk':
      return (
        <Callout tone="info" title="Signed-in mode: Clerk">
          <p>
            Clerk keys are set, so the local demo sign-in is off. Set <code>AUTH_PROVIDER=local</code> to read the
            local stack as the demo owner.
          </p>
        </Callout>
      );
  }
}

function rejectionAdvice(code: string): string {
  if (code.startsWith('PGRST3')) {
    return 'PostgREST refused the locally signed token: LOCAL_AUTH_PRIVATE_JWK or LOCAL_AUTH_ISSUER does not match the running stack.';
  }
  if (code === 'PGRST205' || code === '42P01') {
    return 'The database has no such table yet: apply the migrations and seed.';
  }
  if (code === '42501') {
    return 'Permission denied: the grants or row-level security policies refuse this read.';
  }
  return 'PostgREST could not answer the query.';
}
