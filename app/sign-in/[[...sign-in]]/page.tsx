import { SignIn } from '@clerk/nextjs';
import { Center } from '@mantine/core';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard, AuthLink } from '@/components/auth/auth-card';
import { LocalSignIn } from '@/components/auth/local-sign-in';
import { DEMO_USERS } from '@/lib/auth/local-users';
import { authProvider } from '@/lib/auth/provider';
import { safeRedirect } from '@/lib/auth/redirect';
import { getSignedInUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

/**
 * A user who is already signed in has nothing to do here: they go on to where they were headed
 * (redirect_url, our own dashboard paths only) or to the dashboard, for either provider, rather
 * than back to whatever page sent them (Clerk's component would bounce them to its own default).
 */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const target = (await searchParams).redirect_url;
  const redirectUrl = typeof target === 'string' ? target : undefined;
  if (await getSignedInUser()) redirect(safeRedirect(redirectUrl));
  if (authProvider() === 'clerk') {
    return (
      <Center mih="100vh" p="md">
        <SignIn signUpUrl="/sign-up" fallbackRedirectUrl="/dashboard" />
      </Center>
    );
  }
  return (
    <AuthCard
      title="Sign in"
      subtitle="Local sign-in for development: pick a demo user, or use the email you signed up with."
      footer={
        <>
          No account yet? <AuthLink href="/sign-up">Sign up</AuthLink>
        </>
      }
    >
      <LocalSignIn demoUsers={DEMO_USERS} redirectUrl={redirectUrl} />
    </AuthCard>
  );
}
