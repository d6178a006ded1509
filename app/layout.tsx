import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Concierge — AI customer conversations for every organization', template: '%s · Concierge' },
  description:
    'A multi-tenant customer-conversation platform on Supabase: an AI concierge for your sites, a helpdesk for your team.',
};

export const viewport: Viewport = {
  themeColor: '#0f766e',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <header className="topbar">
            <span className="brand">
              <span className="brand__mark" aria-hidden="true">
                C
              </span>
              Concierge
            </span>
          </header>
          <main>{children}</main>
          <footer className="footer">Concierge · native to Supabase · tenant isolation by row-level security</footer>
        </div>
      </body>
    </html>
  );
}
