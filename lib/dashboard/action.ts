import 'server-only';
import { PostgrestError } from '@supabase/supabase-js';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/dashboard/action-state';
import { resolveOrgContext, type OrgContext } from '@/lib/dashboard/context';
import { orgSlug } from '@/lib/validation';

/** A refusal to show the user as is (the handler's own checks). */
export class ActionError extends Error {}

const fail = (message: string, fieldErrors?: ActionState['fieldErrors']): ActionState => ({
  status: 'error',
  message,
  fieldErrors,
  at: Date.now(),
});

/** What a user should read for a database refusal; the details go to the server log. */
function describe(error: PostgrestError): string {
  switch (error.code) {
    case '42501':
      return 'Your role in this organization does not allow this change.';
    case '23505':
      return 'That already exists.';
    case '23503':
      return 'Something this refers to no longer exists. Reload the page and try again.';
    case '55000':
      // the state machine's refusals say what is not possible now (e.g. already resolved)
      return capitalize(error.message);
    case '23514':
      // our own triggers raise readable check violations (e.g. the last owner)
      return error.message.startsWith('new row') ? 'One of the values is not allowed.' : capitalize(error.message);
    default:
      return 'The change could not be saved. Try again in a moment.';
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + (s.endsWith('.') ? '' : '.');

/** A handler's success: a message (or none: "Saved."), or a message with extra fields for its form. */
type Outcome = string | void | { message: string };
/** The form state of an action whose handler returns R: with its extra fields (e.g. a new key shown once) when it succeeded. */
export type OutcomeState<R> = ActionState & (R extends { message: string } ? Partial<Omit<R, 'message'>> : unknown);

/**
 * Every dashboard server action goes through here: parse the form with zod (field errors go back
 * to the form; a field the schema declares as an array takes every value of that name, as
 * checkboxes send them), resolve the signed-in user's context for the organization named by
 * `orgSlug` (not a member: refused), run with that context's Supabase client, so RLS scopes the
 * write to that organization, and refresh the dashboard. Database refusals become form messages.
 */
export function orgAction<S extends z.ZodObject, R extends Outcome>(schema: S, run: (ctx: OrgContext, input: z.output<S>) => Promise<R>) {
  const withOrg = schema.extend({ orgSlug });
  const arrays = new Set(Object.entries(schema.shape).flatMap(([key, field]) => (field instanceof z.ZodArray ? [key] : [])));
  const action = async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const keys = new Set([...formData.keys()].filter((key) => !key.startsWith('$ACTION')));
    const raw = Object.fromEntries([...arrays, ...keys].map((key) => [key, arrays.has(key) ? formData.getAll(key) : formData.getAll(key).at(-1)]));
    const parsed = withOrg.safeParse(raw);
    if (!parsed.success) {
      return fail('Please correct the highlighted fields.', z.flattenError(parsed.error).fieldErrors as ActionState['fieldErrors']);
    }
    const input = parsed.data as z.output<S> & { orgSlug: string };
    const ctx = await resolveOrgContext(input.orgSlug);
    if (!ctx) return fail('This organization does not exist or you are not a member of it.');
    try {
      const outcome: Outcome = await run(ctx, input);
      revalidatePath('/dashboard/[orgSlug]', 'layout');
      const result = typeof outcome === 'object' ? outcome : { message: outcome ?? 'Saved.' };
      return { ...result, status: 'success', at: Date.now() };
    } catch (error) {
      if (error instanceof ActionError) return fail(error.message);
      if (error instanceof PostgrestError) {
        console.error('[dashboard action] database refused', error);
        return fail(describe(error));
      }
      throw error;
    }
  };
  // the success branch spreads the handler's extra fields, which TypeScript cannot follow through R
  return action as unknown as (prev: OutcomeState<R>, formData: FormData) => Promise<OutcomeState<R>>;
}

/** For handlers: an update or delete that RLS filtered down to zero rows. */
export function expectChanged(rows: number, what: string): void {
  if (rows === 0) throw new ActionError(`The ${what} was not changed: it no longer exists, or your role does not allow it.`);
}
