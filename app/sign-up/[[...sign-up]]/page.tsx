import { SignUp } from '@clerk/nextjs';
import { Center } from '@mantine/core';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard, AuthLink } from '@/components/auth/auth-card';
import { LocalSignUp } from '@/components/auth/local-sign-up';
import { authProvider } from '@/lib/auth/provider';
import { getSignedInUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage() {
  if (authProvider() === 'clerk') {
    return (
      <Center mih="100vh" p="md">
        <SignUp signInUrl="/sign-in" fallbackRedirectUrl="/dashboard" />
      </Center>
    );
  }
  if (await getSignedInUser()) redirect('/dashboard');
  return (
    <AuthCard
      title="Create your account"
      subtitle="You land in your organization right away: an invitation, your company's domain, or a workspace of your own."
      footer={
        <>
          Already have an account? <AuthLink href="/sign-in">Sign in</AuthLink>
        </>
      }
    >
      <LocalSignUp />
    </AuthCard>
  );
}
