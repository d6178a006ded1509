// TXT lookups for domain verification. Deno's resolver uses the system's name servers unless
// DNS_NAMESERVER (host:port) names one: an operator's own resolver, or a fake one in tests.

export type TxtResolver = (name: string) => Promise<string[]>;

function nameServer(): { ipAddr: string; port: number } | undefined {
  const raw = Deno.env.get('DNS_NAMESERVER');
  if (!raw) return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(raw);
  if (!match) throw new Error('DNS_NAMESERVER must be host:port');
  return { ipAddr: match[1]!, port: Number(match[2]) };
}

/** Every TXT string at `name` (each record's chunks joined); [] when the name has none. */
export const resolveTxt: TxtResolver = async (name) => {
  const server = nameServer();
  try {
    const records = await Deno.resolveDns(name, 'TXT', server ? { nameServer: server } : undefined);
    return records.map((chunks) => chunks.join(''));
  } catch (error) {
    // NXDOMAIN / no data: nothing published there, which is an answer, not a failure
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
};
