import { createSocket } from 'node:dgram';

/**
 * A tiny authoritative DNS server on UDP for TXT lookups: the verify-domain function's resolver
 * points at it through DNS_NAMESERVER, so tests decide what a domain "publishes" without a real
 * DNS zone. Names not in `records` answer NXDOMAIN.
 */
export async function startFakeDns() {
  const records = new Map<string, string[]>();
  const socket = createSocket('udp4');

  socket.on('message', (query, peer) => {
    // header (12 bytes), then the question: length-prefixed labels, a 0, QTYPE and QCLASS
    let offset = 12;
    const labels: string[] = [];
    while (offset < query.length && query[offset]! > 0) {
      const length = query[offset]!;
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
      offset += length + 1;
    }
    const questionEnd = offset + 5;
    const name = labels.join('.').toLowerCase();
    const qtype = query.readUInt16BE(offset + 1);
    const values = qtype === 16 ? (records.get(name) ?? []) : [];

    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(records.has(name) ? 0x8400 : 0x8403, 2); // response, authoritative; NXDOMAIN when unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(values.length, 6);
    const answers = values.map((value) => {
      const text = Buffer.from(value, 'utf8');
      const rdata = Buffer.concat([Buffer.from([text.length]), text]);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      rr.writeUInt16BE(16, 2); // TXT
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    socket.send(Buffer.concat([header, query.subarray(12, questionEnd), ...answers]), peer.port, peer.address);
  });

  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    /** What `name` publishes as TXT from now on (an empty list: the name exists without TXT). */
    setTxt: (name: string, values: string[]) => records.set(name.toLowerCase(), values),
    clear: () => records.clear(),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
