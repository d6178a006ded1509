import { describe, expect, it } from 'vitest';
import { fillTemplate, searchCanned, slashQuery, type CannedOption } from '@/lib/canned/template';

/** Canned responses in the reply box: "/" finds them, insertion fills in the three variables. */
const option = (shortcut: string, title: string, body: string, personal = false): CannedOption => ({
  id: shortcut + personal,
  shortcut,
  title,
  body,
  personal,
});

describe('canned response variables', () => {
  it('fills in the customer, the agent and the ticket, with or without spaces inside the braces', () => {
    expect(
      fillTemplate('Hi {{customer.name}}, {{ agent.name }} here about {{ticket.ref}}.', {
        customerName: 'Ben',
        agentName: 'Alan Turing',
        ticketRef: 'ACM-001',
      }),
    ).toBe('Hi Ben, Alan Turing here about ACM-001.');
  });

  it('uses neutral words for missing values and leaves unknown variables as written', () => {
    expect(
      fillTemplate('Hi {{customer.name}} ({{ticket.ref}}) — {{agent.name}} {{order.id}}', { customerName: ' ', agentName: null, ticketRef: null }),
    ).toBe('Hi there (your request) — the team {{order.id}}');
  });

  it('does not treat a value as a template (no second pass)', () => {
    expect(fillTemplate('Hi {{customer.name}}', { customerName: '{{agent.name}}', agentName: 'Alan', ticketRef: null })).toBe('Hi {{agent.name}}');
  });
});

describe('the / search', () => {
  const options = [
    option('greeting', 'Greeting', 'Hi there'),
    option('refund-policy', 'Refund policy', 'Refunds take 5 days'),
    option('refund-policy', 'My refund text', 'Mine', true),
    option('sign-off', 'Sign-off', 'Anything else about refunds?'),
  ];

  it('ranks shortcut prefixes first, then titles and bodies, a personal one before a shared one', () => {
    expect(searchCanned(options, 'ref').map((o) => `${o.shortcut}:${o.personal}`)).toEqual([
      'refund-policy:true',
      'refund-policy:false',
      'sign-off:false',
    ]);
    expect(searchCanned(options, '').length).toBe(4);
    expect(searchCanned(options, 'nothing-like-it')).toEqual([]);
  });

  it('finds the /query at the caret only after whitespace or at the start', () => {
    expect(slashQuery('/gre', 4)).toEqual({ start: 0, query: 'gre' });
    expect(slashQuery('Hello /ref', 10)).toEqual({ start: 6, query: 'ref' });
    expect(slashQuery('Hello\n/', 7)).toEqual({ start: 6, query: '' });
    expect(slashQuery('see https://acme.com/ref', 24)).toBeNull();
    expect(slashQuery('and/or', 6)).toBeNull();
    expect(slashQuery('/gre more', 9)).toBeNull();
  });
});
