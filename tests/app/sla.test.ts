import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appUrl } from '../helpers/app';
import { callAction, sessionCookie, type ActionCall } from '../helpers/actions';
import { ACME } from '../helpers/seed';
import { sql } from '../helpers/stack';

// the action runs in the app's server under a loaded machine
vi.setConfig({ testTimeout: 120_000 });

/**
 * The SLA policies page's action (issue 17) over HTTP, as the browser posts it: an admin sets and
 * clears a priority's targets, zod refuses malformed and inconsistent targets with field messages,
 * an agent and a member of another organization change nothing. Uses Acme's `low` priority, which
 * the seed leaves without targets, and removes it again.
 */
let app: string;
const call = (fields: Record<string, string>): ActionCall => ({
  page: '/dashboard/acme/sla',
  file: 'lib/dashboard/actions/sla.ts',
  name: 'saveSlaPolicyAction',
  fields: { orgSlug: 'acme', priority: 'low', ...fields },
});
const lowPolicy = async () =>
  sql<{ first_response_minutes: number | null; resolution_minutes: number | null }>(
    `select first_response_minutes, resolution_minutes from public.sla_policies where organization_id = $1 and priority = 'low'`,
    [ACME.id],
  );

beforeAll(async () => {
  app = await appUrl();
});

afterAll(async () => {
  await sql(`delete from public.sla_policies where organization_id = $1 and priority = 'low'`, [ACME.id]);
});

describe('the SLA policies action', () => {
  it('lets an admin set a priority’s targets and clear them again', async () => {
    const admin = await sessionCookie('user_acme_admin');
    const set = await callAction(app, { ...call({ firstResponseMinutes: '30', resolutionMinutes: '120' }), cookie: admin });
    expect(set.result).toMatchObject({ status: 'success', message: 'Targets for low tickets saved.' });
    expect(await lowPolicy()).toEqual([{ first_response_minutes: 30, resolution_minutes: 120 }]);

    const changed = await callAction(app, { ...call({ firstResponseMinutes: '45', resolutionMinutes: '' }), cookie: admin });
    expect(changed.result).toMatchObject({ status: 'success' });
    expect(await lowPolicy()).toEqual([{ first_response_minutes: 45, resolution_minutes: null }]);

    const cleared = await callAction(app, { ...call({ firstResponseMinutes: '', resolutionMinutes: '' }), cookie: admin });
    expect(cleared.result).toMatchObject({ status: 'success' });
    expect(await lowPolicy()).toEqual([]);
  });

  it('refuses malformed and inconsistent targets with a message on the field', async () => {
    const admin = await sessionCookie('user_acme_admin');
    const text = await callAction(app, { ...call({ firstResponseMinutes: 'an hour', resolutionMinutes: '' }), cookie: admin });
    expect(text.result).toMatchObject({ status: 'error', fieldErrors: { firstResponseMinutes: ['Enter whole minutes, e.g. 60'] } });
    const zero = await callAction(app, { ...call({ firstResponseMinutes: '0', resolutionMinutes: '600000' }), cookie: admin });
    expect(zero.result).toMatchObject({
      status: 'error',
      fieldErrors: {
        firstResponseMinutes: ['Between 1 and 525600 minutes (a year); leave empty for no target'],
        resolutionMinutes: ['Between 1 and 525600 minutes (a year); leave empty for no target'],
      },
    });
    const shorter = await callAction(app, { ...call({ firstResponseMinutes: '120', resolutionMinutes: '60' }), cookie: admin });
    expect(shorter.result).toMatchObject({
      status: 'error',
      fieldErrors: { resolutionMinutes: ['The resolution target cannot be shorter than the first-response target'] },
    });
    const priority = await callAction(app, { ...call({ priority: 'critical', firstResponseMinutes: '5', resolutionMinutes: '' }), cookie: admin });
    expect(priority.result).toMatchObject({ status: 'error', fieldErrors: { priority: ['Pick a priority'] } });
    expect(await lowPolicy()).toEqual([]);
  });

  it('changes nothing for an agent or a member of another organization', async () => {
    const agent = await callAction(app, {
      ...call({ firstResponseMinutes: '5', resolutionMinutes: '' }),
      cookie: await sessionCookie('user_acme_agent'),
    });
    expect(agent.result).toMatchObject({ status: 'error' });
    const urgentAsAgent = await callAction(app, {
      ...call({ priority: 'urgent', firstResponseMinutes: '1', resolutionMinutes: '' }),
      cookie: await sessionCookie('user_acme_agent'),
    });
    expect(urgentAsAgent.result).toMatchObject({ status: 'error', message: 'Your role in this organization does not allow this change.' });
    const outsider = await callAction(app, {
      ...call({ firstResponseMinutes: '5', resolutionMinutes: '' }),
      cookie: await sessionCookie('user_globex_owner'),
    });
    expect(outsider.result).toMatchObject({ status: 'error', message: 'This organization does not exist or you are not a member of it.' });
    expect(await lowPolicy()).toEqual([]);
    const [urgent] = await sql(`select first_response_minutes from public.sla_policies where organization_id = $1 and priority = 'urgent'`, [
      ACME.id,
    ]);
    expect(urgent).toEqual({ first_response_minutes: 60 });
  });
});
