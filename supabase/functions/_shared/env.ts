/** A setting the function cannot run without: throws (a 500 through the handler's catch) when unset. */
export function env(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
