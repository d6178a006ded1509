/** Only our own dashboard paths: never an open redirect to another site. */
export function safeRedirect(target: string | undefined): string {
  return target && /^\/dashboard(\/[A-Za-z0-9._~%/-]*)?(\?[^\\]*)?$/.test(target) && !target.includes('//') ? target : '/dashboard';
}
