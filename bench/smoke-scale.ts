import type { Scale } from './generate';

/** A few thousand rows: the smoke run in `npm test` loads them in well under a second. */
export const SMOKE_SCALE: Scale = {
  organizations: 40,
  users: 120,
  conversations: 400,
  messages: 2000,
  tickets: 200,
  bigDeskTickets: 500,
  smallDeskTickets: 5,
  probe: { conversations: 2, messages: 20, tickets: 1 },
  zipf: 1,
};
