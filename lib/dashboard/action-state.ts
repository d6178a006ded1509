/** What a dashboard server action returns to its form (shared by server and client code). */
export interface ActionState {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** when it happened, so a form can tell two identical results apart (e.g. reset after each success) */
  at?: number;
}

export const initialActionState: ActionState = { status: 'idle' };
