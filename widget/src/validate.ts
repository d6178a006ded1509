// Input rules the widget checks before a round trip; the functions check them again.

export const MAX_MESSAGE_LENGTH = 4000;

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** An error message for the email field, or null when it is fine. */
export function emailError(value: string): string | null {
  const email = value.trim();
  if (!email) return 'Enter your email address so our team can reply.';
  if (email.length > 254 || !EMAIL.test(email)) return 'Enter a valid email address, like name@example.com.';
  return null;
}

export function nameError(value: string): string | null {
  return value.trim().length > 120 ? 'Keep your name under 120 characters.' : null;
}

export function messageError(value: string): string | null {
  if (value.length > MAX_MESSAGE_LENGTH) return `Messages can be at most ${MAX_MESSAGE_LENGTH} characters (this one has ${value.length}).`;
  return null;
}
