/**
 * How many rows each organization gets. Real tenants are skewed: a few large, many small, so the
 * counts follow a Zipf law over the organizations' rank (organization 1 is the largest), with a
 * little seeded jitter. Everything here is a pure function of the seed: the same seed gives the
 * same plan, and the SQL loader derives every row from it (bench/generate/load.ts).
 */

export interface Scale {
  organizations: number;
  users: number;
  conversations: number;
  messages: number;
  /** Tickets spread over every organization but the largest. */
  tickets: number;
  /** Tickets of the largest organization: the dashboard scenario's big desk (0: none). */
  bigDeskTickets: number;
  /** An organization forced to exactly this many tickets: the dashboard scenario's small desk (0: none). */
  smallDeskTickets: number;
  /** The smallest organization (the last one) gets exactly these counts at every scale. */
  probe: { conversations: number; messages: number; tickets: number };
  /** Zipf exponent: 1 gives the largest tenant ~12% of 2,000 tenants' rows. */
  zipf: number;
}

/** The data set: 2,000 organizations, ~6,000 users, 100k conversations, 1M messages. */
export const FULL_SCALE: Scale = {
  organizations: 2000,
  users: 6000,
  conversations: 100_000,
  messages: 1_000_000,
  tickets: 50_000,
  bigDeskTickets: 50_000,
  smallDeskTickets: 50,
  probe: { conversations: 6, messages: 60, tickets: 3 },
  zipf: 1,
};

/** The same rows per organization with 100 times fewer organizations (tenant-count scenario). */
export function fewerTenants(scale: Scale, factor: number): Scale {
  const div = (n: number) => Math.max(1, Math.round(n / factor));
  return {
    ...scale,
    organizations: div(scale.organizations),
    users: div(scale.users),
    conversations: div(scale.conversations),
    messages: div(scale.messages),
    tickets: div(scale.tickets),
    bigDeskTickets: 0,
    smallDeskTickets: 0,
  };
}

/** A seeded PRNG (mulberry32): reproducible, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `total` over `weights` exactly (largest remainder), each share at least `min`. */
export function apportion(total: number, weights: number[], min = 0): number[] {
  const spare = total - min * weights.length;
  if (spare < 0) throw new Error(`cannot give ${weights.length} shares at least ${min} out of ${total}`);
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (spare * w) / sum);
  const shares = exact.map((x) => Math.floor(x));
  let left = spare - shares.reduce((s, x) => s + x, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    shares[i]! += 1;
  }
  return shares.map((s) => s + min);
}

export interface OrgPlan {
  /** 1-based rank: 1 is the largest organization. */
  no: number;
  conversations: number;
  messages: number;
  tickets: number;
  /** Users whose first membership is here (the owner included). */
  members: number;
}

export interface Membership {
  org: number;
  user: number;
  role: 'owner' | 'admin' | 'agent' | 'viewer';
}

export interface Plan {
  seed: number;
  scale: Scale;
  orgs: OrgPlan[];
  memberships: Membership[];
  /** Organization numbers the scenarios use. */
  roles: { largest: number; smallest: number; bigDesk: number | null; smallDesk: number | null };
}

export function makePlan(seed: number, scale: Scale): Plan {
  const random = prng(seed);
  const n = scale.organizations;
  if (n < 2) throw new Error('the plan needs at least two organizations');
  // every kind of row follows the organization's size, each with its own small jitter
  const size = Array.from({ length: n }, (_, i) => (1 / (i + 1) ** scale.zipf) * (0.8 + 0.4 * random()));
  const jittered = () => size.map((s) => s * (0.9 + 0.2 * random()));
  const others = n - 1; // the probe (last) organization has fixed counts
  const p = scale.probe;
  const conversations = apportion(scale.conversations - p.conversations, jittered().slice(0, others), 1);
  const messages = apportion(scale.messages - p.messages, jittered().slice(0, others), 1).map((m, i) => Math.max(m, conversations[i]!));
  const ticketWeights = jittered().slice(0, others);
  if (scale.bigDeskTickets > 0) ticketWeights[0] = 0;
  const tickets = apportion(scale.tickets - p.tickets, ticketWeights);
  if (scale.bigDeskTickets > 0) tickets[0] = scale.bigDeskTickets;
  const members = apportion(scale.users, jittered(), 1);
  const orgs: OrgPlan[] = size.map((_, i) => ({
    no: i + 1,
    conversations: conversations[i] ?? p.conversations,
    messages: messages[i] ?? p.messages,
    tickets: tickets[i] ?? p.tickets,
    members: members[i]!,
  }));
  let smallDesk: number | null = null;
  if (scale.smallDeskTickets > 0) {
    // the organization whose share is nearest the small desk's size, set to exactly that
    const desk = orgs
      .slice(1, -1)
      .reduce((best, o) => (Math.abs(o.tickets - scale.smallDeskTickets) < Math.abs(best.tickets - scale.smallDeskTickets) ? o : best));
    desk.tickets = scale.smallDeskTickets;
    smallDesk = desk.no;
  }
  return {
    seed,
    scale,
    orgs,
    memberships: planMemberships(orgs, random),
    roles: { largest: 1, smallest: n, bigDesk: scale.bigDeskTickets > 0 ? 1 : null, smallDesk },
  };
}

/**
 * Users are numbered organization by organization: the first user of each is its owner, the rest
 * admins, agents and viewers. One user in ten also works in one to three other organizations
 * (consultants, agencies), chosen by size like everything else.
 */
function planMemberships(orgs: OrgPlan[], random: () => number): Membership[] {
  const out: Membership[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const o of orgs) cumulative.push((total += o.members));
  let user = 0;
  for (const o of orgs) {
    for (let k = 0; k < o.members; k++) {
      user += 1;
      const r = random();
      const role = k === 0 ? 'owner' : r < 0.1 ? 'admin' : r < 0.75 ? 'agent' : 'viewer';
      out.push({ org: o.no, user, role });
    }
  }
  const seen = new Set(out.map((m) => `${m.org}:${m.user}`));
  for (let u = 1; u <= user; u++) {
    if (random() >= 0.1) continue;
    const extra = 1 + Math.floor(random() * 3);
    for (let e = 0; e < extra; e++) {
      // pick an organization with probability proportional to its member count
      const target = random() * total;
      const org = cumulative.findIndex((c) => c > target) + 1;
      if (seen.has(`${org}:${u}`)) continue;
      seen.add(`${org}:${u}`);
      out.push({ org, user: u, role: random() < 0.8 ? 'agent' : 'viewer' });
    }
  }
  return out;
}
