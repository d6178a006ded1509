import path from 'node:path';
import { projectRoot } from '../stack/config';

/**
 * The throwaway stack `npm test` runs against: its own state dir and ports, durability off.
 * TEST_STACK_DIR and TEST_PORT_BASE let two checkouts (or two sessions) test side by side.
 */
// Below the kernel's ephemeral port range (32768–60999 on Linux): a fixed port inside it can be
// held by any outgoing connection (a pooled database connection lives for the whole run), and a
// runtime started on it later fails with AddrInUse.
const base = Number(process.env.TEST_PORT_BASE ?? 25320);
if (!Number.isInteger(base) || base < 1024 || base > 65000) throw new Error('TEST_PORT_BASE must be a port number');

export const testStackEnv = {
  STACK_DIR: process.env.TEST_STACK_DIR ?? path.join(projectRoot, '.stack-test'),
  STACK_API_PORT: String(base + 1),
  STACK_DB_PORT: String(base + 2),
  STACK_REST_PORT: String(base + 5),
  STACK_REST_ADMIN_PORT: String(base + 6),
  STACK_FUNCTIONS_PORT: String(base + 7),
  // MailDev: +11 and +12 are the restart test's second stack (tests/stack/restart.test.ts)
  STACK_MAIL_SMTP_PORT: String(base + 13),
  STACK_MAIL_WEB_PORT: String(base + 14),
  STACK_FAST_UNSAFE: '1',
  // each test file presents its own client IPs, so per-IP rate limits do not leak between files
  STACK_TRUST_FORWARDED: '1',
  // The app under test (next dev) and its build dir, apart from a developer's `npm run dev`.
  TEST_APP_PORT: String(base + 9),
  // links in the emails the stack sends (accept an invitation, unsubscribe) open that app
  APP_URL: `http://127.0.0.1:${base + 9}`,
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? `.next-test-${base}`,
} as const;
