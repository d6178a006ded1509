import { SignIn } from '@clerk/nextjs';
import { Center } from '@mantine/core';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard, AuthLink } from '@/components/auth/auth-card';
import { LocalSignIn } from '@/components/auth/local-sign-in';
import { DEMO_USERS } from '@/lib/auth/local-users';
import { authProvider } from '@/lib/auth/provider';
import { getSignedInUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (authProvider() === 'clerk') {
    return (
      <Center mih="100vh" p="md">
        <SignIn signUpUrl="/sign-up" fallbackRedirectUrl="/dashboard" />
      </Center>
    );
  }
  if (await getSignedInUser()) redirect('/dashboard');
  const target = (await searchParams).redirect_url;
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
      <LocalSignIn demoUsers={DEMO_USERS} redirectUrl={typeof target === 'string' ? target : undefined} />
    </AuthCard>
  );
}
