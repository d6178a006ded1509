import type { z } from 'zod';
import { jsonError } from './http.ts';

/**
 * The request's body bytes, at most maxBytes: 413 beyond, counted while reading (a missing or false
 * Content-Length cannot get around it) and the rest is never read. Callers that must check the
 * body's bytes themselves (webhook signatures) read it with this, then verify, then parse.
 */
export async function readBody(request: Request, maxBytes: number): Promise<{ bytes: Uint8Array } | { response: Response }> {
  const tooLarge = () => ({ response: jsonError(413, 'payload_too_large', `The body must be at most ${maxBytes} bytes`) });
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return tooLarge();

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}

/**
 * The request's JSON body, at most maxBytes (413 beyond, see readBody), validated by schema (400
 * naming the field).
 */
export async function readJson<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes: number,
): Promise<{ data: z.infer<T> } | { response: Response }> {
  if (request.method !== 'POST') return { response: jsonError(405, 'method_not_allowed', 'Use POST') };
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return { response: jsonError(415, 'unsupported_media_type', 'Send the body as application/json') };
  }
  const body = await readBody(request, maxBytes);
  if ('response' in body) return body;
  const { bytes } = body;

  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { response: jsonError(400, 'invalid_json', 'The body is not valid JSON') };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { response: jsonError(400, 'invalid_request', `${where}${issue?.message ?? 'invalid body'}`) };
  }
  return { data: parsed.data };
}
