/**
 * Phoenix channel frames as realtime-js 2.x speaks them (protocol vsn 2.0.0): text frames are
 * JSON arrays `[join_ref, ref, topic, event, payload]`; a client's broadcast arrives as a binary
 * "user broadcast push" frame. The service always answers in text frames, which realtime-js
 * decodes alongside the binary ones.
 */
export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

const USER_BROADCAST_PUSH = 3;
const JSON_ENCODING = 1;

export class ProtocolError extends Error {}

export function decodeFrame(data: Buffer | string, isBinary: boolean): Frame {
  if (!isBinary) return decodeText(typeof data === 'string' ? data : data.toString('utf8'));
  return decodeUserBroadcastPush(typeof data === 'string' ? Buffer.from(data) : data);
}

function decodeText(text: string): Frame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ProtocolError('frame is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) throw new ProtocolError('frame is not [join_ref, ref, topic, event, payload]');
  const [joinRef, ref, topic, event, payload] = parsed as unknown[];
  if (typeof topic !== 'string' || typeof event !== 'string') throw new ProtocolError('topic and event must be strings');
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new ProtocolError('payload must be an object');
  return { joinRef: nullableString(joinRef), ref: nullableString(ref), topic, event, payload: payload as Record<string, unknown> };
}

function nullableString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new ProtocolError('refs must be strings');
  return value;
}

/**
 * kind(1) join_ref_len(1) ref_len(1) topic_len(1) event_len(1) metadata_len(1) encoding(1), then
 * join_ref, ref, topic, user event, metadata (JSON) and the payload (JSON or raw bytes).
 */
function decodeUserBroadcastPush(bytes: Buffer): Frame {
  if (bytes.length < 7 || bytes[0] !== USER_BROADCAST_PUSH) throw new ProtocolError('unknown binary frame');
  const lengths = [1, 2, 3, 4, 5].map((i) => bytes.readUInt8(i));
  const encoding = bytes.readUInt8(6);
  let offset = 7;
  const parts = lengths.map((length) => {
    const part = bytes.subarray(offset, offset + length).toString('utf8');
    offset += length;
    return part;
  });
  if (offset > bytes.length) throw new ProtocolError('truncated binary frame');
  const [joinRef = '', ref = '', topic = '', userEvent = '', metadata = ''] = parts;
  const body = bytes.subarray(offset);
  let userPayload: unknown;
  try {
    userPayload = encoding === JSON_ENCODING ? JSON.parse(body.toString('utf8')) : { binary: body.toString('base64') };
  } catch {
    throw new ProtocolError('broadcast payload is not JSON');
  }
  const meta = metadata ? (JSON.parse(metadata) as Record<string, unknown>) : {};
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload: { ...meta, type: 'broadcast', event: userEvent, payload: userPayload },
  };
}

export function encodeFrame(frame: Frame): string {
  return JSON.stringify([frame.joinRef, frame.ref, frame.topic, frame.event, frame.payload]);
}

export function reply(frame: Frame, status: 'ok' | 'error', response: Record<string, unknown>): string {
  return encodeFrame({ joinRef: frame.joinRef, ref: frame.ref, topic: frame.topic, event: 'phx_reply', payload: { status, response } });
}
