// Runs under Deno. A local stand-in for Supabase's edge runtime: every folder in
// supabase/functions with an index.ts is one function, served at /<name>/… . Each function calls
// Deno.serve(handler) at import time, as on the hosted platform; the router captures that handler
// instead of opening a port per function.

type Handler = (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

const functionsDir = Deno.args[0];
const port = Number(Deno.env.get('FUNCTIONS_PORT'));
const hostname = Deno.env.get('FUNCTIONS_HOST') ?? '127.0.0.1';
if (!functionsDir || !Number.isInteger(port)) {
  console.error('usage: functions-router.ts <functions dir>  (FUNCTIONS_PORT set)');
  Deno.exit(2);
}

function pickHandler(args: unknown[]): Handler | undefined {
  for (const arg of args) {
    if (typeof arg === 'function') return arg as Handler;
    if (arg && typeof arg === 'object' && typeof (arg as { handler?: unknown }).handler === 'function') {
      return (arg as { handler: Handler }).handler;
    }
  }
  return undefined;
}

const realServe = Deno.serve;
const handlers = new Map<string, Handler>();
const names: string[] = [];
for await (const entry of Deno.readDir(functionsDir)) {
  if (entry.isDirectory && !entry.name.startsWith('_') && !entry.name.startsWith('.')) names.push(entry.name);
}
for (const name of names.sort()) {
  const file = `${functionsDir}/${name}/index.ts`;
  try {
    await Deno.stat(file);
  } catch {
    continue;
  }
  let captured: Handler | undefined;
  // deno-lint-ignore no-explicit-any
  (Deno as any).serve = (...args: unknown[]) => {
    captured = pickHandler(args);
    return { finished: Promise.resolve(), shutdown: () => Promise.resolve(), ref() {}, unref() {}, addr: { hostname, port, transport: 'tcp' } };
  };
  try {
    await import(new URL(`file://${file}`).href);
  } finally {
    // deno-lint-ignore no-explicit-any
    (Deno as any).serve = realServe;
  }
  if (captured) handlers.set(name, captured);
  else console.error(`function ${name}: index.ts did not call Deno.serve`);
}

// Exit as a normal end rather than by the signal, so a runtime started with --coverage (npm test)
// writes its coverage profile on `stack down`.
Deno.addSignalListener('SIGTERM', () => Deno.exit(0));

const notFound = (name: string) =>
  Response.json({ error: { code: 'function_not_found', message: `No function named "${name}"` } }, { status: 404 });

realServe({ port, hostname, onListen: () => console.log(`functions: ${[...handlers.keys()].join(', ') || '(none)'} on ${hostname}:${port}`) }, async (request, info) => {
  const name = new URL(request.url).pathname.split('/')[1] ?? '';
  if (name === '_health') return Response.json({ ok: true, functions: [...handlers.keys()] });
  const handler = handlers.get(name);
  if (!handler) return notFound(name);
  try {
    return await handler(request, info);
  } catch (error) {
    console.error(`function ${name} threw`, error);
    return Response.json({ error: { code: 'internal_error', message: 'The function failed' } }, { status: 500 });
  }
});
