import { afterAll, describe, expect, it, vi } from 'vitest';
import { cleanHost } from '@/lib/dashboard/clean-host';
import { pageRange, pageSummary } from '@/lib/dashboard/paging';
import { isSendShortcut } from '@/lib/dashboard/send-shortcut';
import { ACME, USERS } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * Issue 11's dashboard bugs, through the real server actions (run in process, as the signed-in
 * user's client; the dashboard context is the only stand-in) and the small helpers behind them.
 */
const stub = vi.hoisted(() => ({ userId: '', role: 'owner' as string }));
vi.mock('server-only', () => ({}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
vi.mock('@/lib/dashboard/context', async () => {
  const stack = await import('../helpers/stack');
  const seed = await import('../helpers/seed');
  return {
    resolveOrgContext: async (slug: string) => {
      if (slug !== seed.ACME.slug) return null;
      const org = { id: seed.ACME.id, slug: seed.ACME.slug, name: 'Acme Corp' };
      const supabase = await stack.userClient(stub.userId, { id: seed.ACME.id, slug: seed.ACME.slug, role: stub.role });
      return { user: { userId: stub.userId, clerkOrgId: null, name: null, email: '' }, org, role: stub.role, supabase };
    },
  };
});

const { inviteMember } = await import('@/lib/dashboard/actions/members');
const { addWebsite } = await import('@/lib/dashboard/actions/websites');
const { saveAssignment, saveReopenWindow } = await import('@/lib/dashboard/actions/settings');
const { setAvailability } = await import('@/lib/dashboard/actions/availability');

const idle = { status: 'idle' } as const;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries({ orgSlug: ACME.slug, ...fields })) data.set(k, v);
  return data;
};
const as = (userId: string, role: string) => Object.assign(stub, { userId, role });

afterAll(async () => {
  await sql("delete from public.websites where organization_id = $1 and domain like 'deskfix-%'", [ACME.id]);
  await sql("update public.organizations set settings = settings - 'auto_assign' - 'auto_assign_cap' - 'reopen_window_days' where id = $1", [
    ACME.id,
  ]);
  await sql('update public.organization_members set available = true where user_id = $1', [USERS.acmeAgent]);
});

describe('inviting someone', () => {
  it('who is already a member is refused with a message saying so', async () => {
    as(USERS.acmeOwner, 'owner');
    const state = await inviteMember(idle, form({ email: 'Alan@Acme.com', role: 'agent' }));
    expect(state).toMatchObject({
      status: 'error',
      message: 'alan@acme.com is already a member of Acme Corp. Change their role in the list instead.',
    });
    expect(await sql("select 1 from public.invitations where email = 'alan@acme.com'")).toEqual([]);
  });
});

describe('a website domain pasted as a URL', () => {
  it('is cleaned to its host, not rejected', async () => {
    as(USERS.acmeOwner, 'owner');
    const domain = `deskfix-${Date.now()}.example.com`;
    const state = await addWebsite(idle, form({ name: 'Pasted', domain: `  https://${domain.toUpperCase()}/pricing?x=1 `, allowedOrigins: '' }));
    expect(state.status).toBe('success');
    expect(await sql('select domain from public.websites where domain = $1', [domain])).toEqual([{ domain }]);
  });

  it('keeps a port and drops paths, and leaves the real checks to the pattern', () => {
    expect(cleanHost('http://localhost:3000/')).toBe('localhost:3000');
    expect(cleanHost('shop.example.com/cart')).toBe('shop.example.com');
    expect(cleanHost(' Shop.Example.com ')).toBe('shop.example.com');
    expect(cleanHost('https://')).toBe('https://');
  });
});

describe('paging past the last page', () => {
  it('is reported as out of range, not as rows 2451–34 of 34', () => {
    expect(pageRange(99, 25, 34)).toEqual({ first: 0, last: 0, pages: 2, outOfRange: true });
    expect(pageSummary(99, 25, 34, 'tickets')).toBe('Page 99 is past the last page (2) of 34 tickets');
    expect(pageSummary(2, 25, 34, 'tickets')).toBe('26–34 of 34 tickets');
    expect(pageSummary(1, 25, 0, 'tickets')).toBe('0–0 of 0 tickets');
    expect(pageRange(1, 25, 0).outOfRange).toBe(false);
  });
});

describe('Ctrl/Cmd+Enter', () => {
  it('sends a reply; Enter alone, Alt and a composing IME do not', () => {
    const key = (k: Partial<Parameters<typeof isSendShortcut>[0]>) => isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: false, ...k });
    expect(key({ ctrlKey: true })).toBe(true);
    expect(key({ metaKey: true })).toBe(true);
    expect(key({})).toBe(false);
    expect(key({ ctrlKey: true, altKey: true })).toBe(false);
    expect(key({ ctrlKey: true, isComposing: true })).toBe(false);
  });
});

describe('automatic assignment settings and availability', () => {
  it('an admin turns automatic assignment on with a cap; an agent cannot', async () => {
    as(USERS.acmeAgent, 'agent');
    expect(await saveAssignment(idle, form({ autoAssign: 'on', cap: '3' }))).toMatchObject({ status: 'error' });
    as(USERS.acmeOwner, 'owner');
    expect(await saveAssignment(idle, form({ autoAssign: 'on', cap: '0' }))).toMatchObject({ status: 'error', fieldErrors: { cap: ['At least 1'] } });
    expect(await saveAssignment(idle, form({ autoAssign: 'on', cap: '3' }))).toMatchObject({ status: 'success' });
    const [row] = await sql<{ a: unknown; c: unknown }>(
      "select settings -> 'auto_assign' as a, settings -> 'auto_assign_cap' as c from public.organizations where id = $1",
      [ACME.id],
    );
    expect(row).toEqual({ a: true, c: 3 });
  });

  it('an agent marks themself away and available again', async () => {
    as(USERS.acmeAgent, 'agent');
    expect(await setAvailability(idle, form({ available: 'false' }))).toMatchObject({ status: 'success', message: 'You are away.' });
    expect(
      await sql('select available from public.organization_members where organization_id = $1 and user_id = $2', [ACME.id, USERS.acmeAgent]),
    ).toEqual([{ available: false }]);
    expect(await setAvailability(idle, form({ available: 'true' }))).toMatchObject({ status: 'success', message: 'You are available.' });
  });
});

describe('the reopen window', () => {
  const stored = async () =>
    (await sql<{ d: unknown }>("select settings -> 'reopen_window_days' as d from public.organizations where id = $1", [ACME.id]))[0]?.d;

  it('an admin sets it in days, with a message saying what it means', async () => {
    as(USERS.acmeOwner, 'owner');
    expect(await saveReopenWindow(idle, form({ reopenWindowDays: ' 14 ' }))).toMatchObject({
      status: 'success',
      message: 'A customer who writes within 14 days of the resolution reopens the same ticket.',
    });
    expect(await stored()).toBe(14);
    expect(await saveReopenWindow(idle, form({ reopenWindowDays: '0' }))).toMatchObject({
      status: 'success',
      message: 'A customer who writes after the resolution starts over with the assistant.',
    });
    expect(await stored()).toBe(0);
  });

  it('is a whole number of days from 0 to 365, and an empty field is not 0', async () => {
    as(USERS.acmeOwner, 'owner');
    const refused = async (value: string, message: string) =>
      expect(await saveReopenWindow(idle, form({ reopenWindowDays: value }))).toMatchObject({
        status: 'error',
        message: 'Please correct the highlighted fields.',
        fieldErrors: { reopenWindowDays: [message] },
      });
    await refused('366', 'At most 365 days');
    await refused('-1', 'At least 0 days');
    await refused('1.5', 'Enter a whole number of days from 0 to 365');
    await refused('', 'Enter a whole number of days from 0 to 365');
    await refused('a week', 'Enter a whole number of days from 0 to 365');
  });

  it('an agent cannot change it', async () => {
    as(USERS.acmeOwner, 'owner');
    await saveReopenWindow(idle, form({ reopenWindowDays: '10' }));
    as(USERS.acmeAgent, 'agent');
    expect(await saveReopenWindow(idle, form({ reopenWindowDays: '30' }))).toMatchObject({
      status: 'error',
      message: 'The organization was not changed: it no longer exists, or your role does not allow it.',
    });
    expect(await stored()).toBe(10);
  });
});
