import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { callAction, sessionCookie } from '../helpers/actions';
import { ACME, USERS } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * The notification centre's server actions (issue 17), called over HTTP as the browser calls them
 * with real session cookies: a member marks read and clears only their own notifications (RLS),
 * and saves their own desk-alerts opt-in. The rows are the test's own (a conversation of its own
 * with a notification for two members), so nothing another file counts moves.
 */
const TIMEOUT = 300_000;
const PAGE = `/dashboard/${ACME.slug}/preferences`;
const FILE = 'lib/dashboard/actions/notifications.ts';
let app: string;
const cookies: Record<string, string> = {};
let conversationId = '';
const ids: Record<string, string> = {};
let viewerPrefs: { desk_alerts: boolean; escalation_emails: boolean } | undefined;

const act = (name: string, user: string, fields: Record<string, string | string[]>) =>
  callAction(app, { page: PAGE, file: FILE, name, cookie: cookies[user], fields: { orgSlug: ACME.slug, ...fields } });
const readAt = async (id: string) =>
  (await sql<{ read_at: string | null }>('select read_at from public.notifications where id = $1', [id]))[0]?.read_at;
const exists = async (id: string) => (await sql('select 1 from public.notifications where id = $1', [id])).length === 1;

beforeAll(async () => {
  app = await appUrl();
  for (const user of [USERS.acmeOwner, USERS.acmeAgent, USERS.acmeViewer]) cookies[user] = await sessionCookie(user);
  [{ id: conversationId }] = (await sql<{ id: string }>(
    'insert into public.conversations (organization_id, website_id) values ($1, $2) returning id',
    [ACME.id, ACME.websites.main],
  )) as [{ id: string }];
  for (const user of [USERS.acmeOwner, USERS.acmeAgent]) {
    const [row] = await sql<{ id: string }>(
      `insert into public.notifications (organization_id, user_id, kind, conversation_id) values ($1, $2, 'escalation', $3) returning id`,
      [ACME.id, user, conversationId],
    );
    ids[user] = row!.id;
  }
  viewerPrefs = (
    await sql<{ desk_alerts: boolean; escalation_emails: boolean }>(
      'select desk_alerts, escalation_emails from public.notification_preferences where organization_id = $1 and user_id = $2',
      [ACME.id, USERS.acmeViewer],
    )
  )[0];
}, TIMEOUT);

afterAll(async () => {
  // the notifications go with their conversation
  if (conversationId) await sql('delete from public.conversations where id = $1', [conversationId]);
  await sql('delete from public.notification_preferences where organization_id = $1 and user_id = $2', [ACME.id, USERS.acmeViewer]);
  if (viewerPrefs) {
    await sql('insert into public.notification_preferences (organization_id, user_id, desk_alerts, escalation_emails) values ($1, $2, $3, $4)', [
      ACME.id,
      USERS.acmeViewer,
      viewerPrefs.desk_alerts,
      viewerPrefs.escalation_emails,
    ]);
  }
});

describe('notification actions', () => {
  it(
    'marks only the member’s own notification read: another member’s id changes nothing',
    async () => {
      const other = await act('markNotificationsReadAction', USERS.acmeAgent, { ids: [ids[USERS.acmeOwner]!] });
      expect(other.result).toMatchObject({ status: 'success', message: 'Marked 0 notifications read.' });
      expect(await readAt(ids[USERS.acmeOwner]!)).toBeNull();

      const own = await act('markNotificationsReadAction', USERS.acmeAgent, { ids: [ids[USERS.acmeAgent]!] });
      expect(own.result).toMatchObject({ status: 'success', message: 'Marked 1 notification read.' });
      expect(await readAt(ids[USERS.acmeAgent]!)).not.toBeNull();
      expect(await readAt(ids[USERS.acmeOwner]!)).toBeNull();
    },
    TIMEOUT,
  );

  it(
    'clears only the member’s own notifications, and refuses an empty or malformed selection',
    async () => {
      const empty = await act('clearNotificationsAction', USERS.acmeAgent, {});
      expect(empty.result).toMatchObject({ status: 'error', message: 'Pick a notification.' });
      const malformed = await act('clearNotificationsAction', USERS.acmeAgent, { ids: ['not-a-uuid'] });
      expect(malformed.result).toMatchObject({ status: 'error' });

      const both = await act('clearNotificationsAction', USERS.acmeAgent, { ids: [ids[USERS.acmeAgent]!, ids[USERS.acmeOwner]!] });
      expect(both.result).toMatchObject({ status: 'success', message: 'Cleared 1 notification.' });
      expect(await exists(ids[USERS.acmeAgent]!)).toBe(false);
      expect(await exists(ids[USERS.acmeOwner]!)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'saves the member’s own desk-alerts opt-in, keeping the email default of a member without a row',
    async () => {
      await sql('delete from public.notification_preferences where organization_id = $1 and user_id = $2', [ACME.id, USERS.acmeViewer]);
      const on = await act('saveDeskAlerts', USERS.acmeViewer, { deskAlerts: 'on' });
      expect(on.result).toMatchObject({ status: 'success' });
      const prefs = () =>
        sql<{ desk_alerts: boolean; escalation_emails: boolean }>(
          'select desk_alerts, escalation_emails from public.notification_preferences where organization_id = $1 and user_id = $2',
          [ACME.id, USERS.acmeViewer],
        );
      // a viewer gets no escalation emails by default: the new row must not turn them on
      expect(await prefs()).toEqual([{ desk_alerts: true, escalation_emails: false }]);

      const off = await act('saveDeskAlerts', USERS.acmeViewer, {});
      expect(off.result).toMatchObject({ status: 'success' });
      expect(await prefs()).toEqual([{ desk_alerts: false, escalation_emails: false }]);
    },
    TIMEOUT,
  );
});
