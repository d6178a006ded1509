import type { z } from 'zod';
import { type PostgrestErrorLike, rpcErrorResponse, type RpcErrorOptions } from './errors.ts';
import { corsHeaders, json, jsonError } from './http.ts';

// The one way an Edge Function handles a request: CORS preflight, the method check, a request id
// for its log lines, and a catch that answers anything thrown in the documented shape
// { error: { code, message } } with CORS headers. The body is read only when the handler asks
// (ctx.bytes or ctx.json), so a handler decides what comes first: ingest checks the API key before
// reading a byte, clerk-webhook verifies the signature over the raw bytes before parsing them.

/** An error answer thrown from anywhere in a handler; the wrapper sends its response. */
export class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }

  static of(status: number, code: string, message: string, headers: HeadersInit = {}): HttpError {
    return new HttpError(jsonError(status, code, message, headers));
  }
}

export interface JsonOptions {
  /** No body (or a blank one) reads as this value, and any Content-Type is accepted (schedulers). */
  empty?: unknown;
}

export interface Context {
  request: Request;
  info: Deno.ServeHandlerInfo;
  url: URL;
  /** Carried by every log line of this request and by a 500's answer. */
  requestId: string;
  /** The body's bytes, at most the function's maxBytes (413 beyond); for signature checks. */
  bytes(): Promise<Uint8Array>;
  /** The body as JSON (application/json), validated by schema: 415, 413, 400 naming the field. */
  json<T extends z.ZodType>(schema: T, options?: JsonOptions): Promise<z.infer<T>>;
  /** A failed RPC's answer (the one map in errors.ts), logged with this request's id. */
  rpcError(error: PostgrestErrorLike, options?: RpcErrorOptions): Response;
  /** An error log line with the function's name and the request id. */
  log(message: string, ...details: unknown[]): void;
}

export interface Spec {
  /** the function's name, in log lines */
  name: string;
  methods: readonly ('GET' | 'POST')[];
  /** the largest body the function reads */
  maxBytes?: number;
}

/**
 * The body's bytes, at most maxBytes: 413 beyond, counted while reading (a missing or false
 * Content-Length cannot get around it), and the rest is never read.
 */
async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => HttpError.of(413, 'payload_too_large', `The body must be at most ${maxBytes} bytes`);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
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
        throw tooLarge();
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
  return bytes;
}

async function readJson<T extends z.ZodType>(request: Request, maxBytes: number, schema: T, options: JsonOptions): Promise<z.infer<T>> {
  const lenient = 'empty' in options;
  if (!lenient && !(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw HttpError.of(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  const text = new TextDecoder().decode(await readBody(request, maxBytes));
  let raw: unknown = options.empty;
  try {
    if (!lenient || text.trim()) raw = JSON.parse(text);
  } catch {
    throw HttpError.of(400, 'invalid_json', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw HttpError.of(400, 'invalid_request', `${where}${issue?.message ?? 'invalid body'}`);
  }
  return parsed.data;
}

/** Name and SQLSTATE only: an error object can carry the request (and a key or token) with it. */
function describe(error: unknown): string {
  if (!(error instanceof Error) && !(error && typeof error === 'object')) return typeof error;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return [name, code].filter((part) => typeof part === 'string').join(' ') || 'error';
}

/** Serves handler as this function (Deno.serve, as the hosted runtime and the local router expect). */
export function serve(spec: Spec, handler: (ctx: Context) => Response | Promise<Response>): void {
  const maxBytes = spec.maxBytes ?? 0;
  Deno.serve(async (request, info) => {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
    const requestId = crypto.randomUUID();
    const log = (message: string, ...details: unknown[]) => console.error(`${spec.name}: ${message}`, requestId, ...details);
    try {
      if (!(spec.methods as readonly string[]).includes(request.method)) {
        throw HttpError.of(405, 'method_not_allowed', `Use ${spec.methods.join(' or ')}`);
      }
      return await handler({
        request,
        info,
        url: new URL(request.url),
        requestId,
        bytes: () => readBody(request, maxBytes),
        json: (schema, options = {}) => readJson(request, maxBytes, schema, options),
        rpcError: (error, options = {}) => rpcErrorResponse(error, { requestId, ...options }),
        log,
      });
    } catch (error) {
      if (error instanceof HttpError) return error.response;
      log('failed', describe(error));
      return json({
        error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.', request_id: requestId },
      }, { status: 500 });
    }
  });
}
