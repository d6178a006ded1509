import '@mantine/core/styles.css';
import './globals.css';
import { ClerkProvider } from '@clerk/nextjs';
import { ColorSchemeScript, MantineProvider, mantineHtmlProps } from '@mantine/core';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { theme } from '@/components/ui/theme';
import { InsecureAuthBanner } from '@/components/auth/insecure-auth-banner';
import { authProvider, insecureLocalAuth } from '@/lib/auth/provider';

export const metadata: Metadata = {
  title: { default: 'Concierge — AI customer conversations for every organization', template: '%s · Concierge' },
  description: 'A multi-tenant customer-conversation platform on Supabase: an AI concierge for your sites, a helpdesk for your team.',
};

export const viewport: Viewport = {
  themeColor: '#0f766e',
  width: 'device-width',
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const page = (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="light" />
      </head>
      <body>
        <MantineProvider theme={theme} defaultColorScheme="light">
          {children}
        </MantineProvider>
        {insecureLocalAuth() && <InsecureAuthBanner />}
      </body>
    </html>
  );
  // Clerk's provider only when Clerk signs users in; the local provider needs no client code.
  return authProvider() === 'clerk' ? <ClerkProvider>{page}</ClerkProvider> : page;
}
