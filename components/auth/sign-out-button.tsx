import { SignOutButton as ClerkSignOutButton } from '@clerk/nextjs';
import { Button } from '@mantine/core';
import { signOut } from '@/lib/auth/local-actions';
import { authProvider } from '@/lib/auth/provider';
import { getSignedInUser } from '@/lib/auth/session';

/**
 * "Sign out" for pages outside the dashboard frame (the organization chooser, the page for users
 * without an organization, not found), so nobody is stuck signed in as the wrong user. Renders
 * nothing for a visitor who is not signed in.
 */
export async function SignOutButton() {
  if (!(await getSignedInUser())) return null;
  if (authProvider() === 'clerk') {
    return (
      <ClerkSignOutButton redirectUrl="/">
        <Button variant="default" size="xs">
          Sign out
        </Button>
      </ClerkSignOutButton>
    );
  }
  return (
    <form action={signOut}>
      <Button type="submit" variant="default" size="xs">
        Sign out
      </Button>
    </form>
  );
}
