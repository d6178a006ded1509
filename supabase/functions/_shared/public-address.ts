// Which addresses an outbound request (an organization's webhook URL) may reach: public unicast
// only. Everything a tenant could use to reach our own network or the cloud's metadata service is
// refused: loopback, private, link-local (169.254.169.254), carrier-grade NAT, unspecified,
// multicast, reserved and documentation ranges, and IPv6 forms that embed an IPv4 address.
// Pure (no Deno API), so the unit tests run it under Node.

const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4ToInt(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function v4Blocked(n: number): boolean {
  return V4_BLOCKED.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base)!;
    return n >= start && n < start + size;
  });
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted IPv4 tail), or null. */
function v6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    if (n === null) return null;
    text = text.slice(0, -dotted[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

export type AddressKind = 'public' | 'loopback' | 'blocked' | 'invalid';

/** Classifies one literal IPv4 or IPv6 address. */
export function classifyAddress(address: string): AddressKind {
  const v4 = v4ToInt(address);
  if (v4 !== null) {
    if (v4 >>> 24 === 127) return 'loopback';
    return v4Blocked(v4) ? 'blocked' : 'public';
  }
  const g = v6Groups(address);
  if (!g) return 'invalid';
  const embedded = (g[6]! << 16) + g[7]!;
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if (g.every((x) => x === 0)) return 'blocked';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): judge the IPv4 inside
  const mapped = g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (mapped || nat64) return classifyAddress([embedded >>> 24, (embedded >>> 16) & 255, (embedded >>> 8) & 255, embedded & 255].join('.'));
  if ((g[0]! & 0xfe00) === 0xfc00) return 'blocked'; // unique local fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return 'blocked'; // link-local fe80::/10
  if ((g[0]! & 0xff00) === 0xff00) return 'blocked'; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'blocked'; // documentation
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'blocked'; // discard-only
  if (g[0] === 0x2002) return 'blocked'; // 6to4 embeds an arbitrary IPv4 address
  return 'public';
}

/** The rule for a webhook target: what the URL may be before its host is resolved. */
export function checkTargetUrl(raw: string, allowLoopback: boolean): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed' };
  if (url.protocol !== 'https:' && !(allowLoopback && url.protocol === 'http:')) {
    return { ok: false, reason: 'only https URLs are allowed' };
  }
  return { ok: true, url };
}

/**
 * Whether every resolved address of a target may be reached: public ones, or loopback only when
 * the operator allows it (the test stack's receiver). A plain-http target must be loopback.
 */
export function addressesAllowed(addresses: string[], { allowLoopback, http }: { allowLoopback: boolean; http: boolean }): boolean {
  return (
    addresses.length > 0 &&
    addresses.every((a) => {
      const kind = classifyAddress(a);
      if (http) return allowLoopback && kind === 'loopback';
      return kind === 'public' || (allowLoopback && kind === 'loopback');
    })
  );
}
