import { describe, expect, it } from 'vitest';
import { ACME } from '../helpers/seed';
import { userClient } from '../helpers/stack';
import { nextIp, post, startSession } from '../helpers/widget';

/** widget-rate's CSAT form through the gateway: once per resolution, only after it, only 1-5. */
describe('widget-rate CSAT', () => {
  it('takes one 1-5 rating with a comment per resolution, never before it', async () => {
    const s = await startSession();
    const rate = (body: object) => post('widget-rate', { session_token: s.session_token, ...body }, { ip: nextIp() });

    const early = await rate({ csat: 5 });
    expect(early.status).toBe(400);
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/not resolved/);

    const agent = await userClient('user_acme_agent', { id: ACME.id, slug: ACME.slug, role: 'agent' });
    await agent.rpc('resolve_conversation', { p_conversation_id: s.conversation_id }).throwOnError();

    expect((await rate({ csat: 6 })).status).toBe(400);
    expect((await rate({ csat: 3, comment: 'x'.repeat(1001) })).status).toBe(400);
    const first = await rate({ csat: 5, comment: 'Great help' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ rating: 5, comment: 'Great help' });
    const again = await rate({ csat: 1 });
    expect(again.status).toBe(409);

    const { data } = await agent.from('csat_ratings').select('rating, comment, agent_id').eq('conversation_id', s.conversation_id).throwOnError();
    expect(data).toEqual([{ rating: 5, comment: 'Great help', agent_id: null }]);
  });
});
