import { t } from './i18n';

// Input rules the widget checks before a round trip; the functions check them again.

export const MAX_MESSAGE_LENGTH = 4000;

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** An error message for the email field, or null when it is fine. */
export function emailError(value: string): string | null {
  const email = value.trim();
  if (!email) return t('emailMissing');
  if (email.length > 254 || !EMAIL.test(email)) return t('emailInvalid');
  return null;
}

export function nameError(value: string): string | null {
  return value.trim().length > 120 ? t('nameTooLong') : null;
}

export function messageError(value: string): string | null {
  if (value.length > MAX_MESSAGE_LENGTH) return t('messageTooLong', { max: MAX_MESSAGE_LENGTH, n: value.length });
  return null;
}
