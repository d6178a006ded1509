// The widget's view of the Edge Functions' JSON (supabase/functions/{widget-session,widget-messages,chat,escalate}).

/** `system`: a line about the conversation itself (taken over, resolved, reopened), from the server. */
export type SenderType = 'visitor' | 'ai' | 'agent' | 'system';

export interface Source {
  id: string;
  title: string;
  /** the article's page in the organization's public help center (live answers, when it is on) */
  url?: string;
}

export interface Message {
  id: string;
  sender_type: SenderType;
  body: string;
  created_at: string;
  sources: Source[];
  /** agent: who wrote it; system: who took the conversation over (kind taken_over) */
  agent_name: string | null;
  /** system lines: what happened (resolved, reopened, taken_over, handed_back), worded by the widget's catalogue */
  kind?: string | null;
}

export interface Conversation {
  id: string;
  status: string;
  is_escalated: boolean;
  is_resolved: boolean;
  agent_name: string | null;
  ticket_ref?: string | null;
  /** Lifecycle state (bot, waiting_for_agent, with_agent, needs_reply, resolved). */
  state?: string;
  /** A person has the conversation: the assistant does not answer. */
  handled_by_team?: boolean;
  /** The conversation's public Realtime topic is widget:<widget_topic> (live.ts). */
  widget_topic?: string;
  /** Resolved, and its latest resolution not rated yet: the widget asks for a CSAT rating. */
  csat_due?: boolean;
}

export interface SessionResponse {
  session_token: string;
  resumed: boolean;
  conversation_id: string;
  website: { id: string; name: string };
  assistant: { name: string; greeting: string };
  conversation: Conversation;
  messages: Message[];
  /** The project's anon key, for the Realtime socket (absent: the widget polls). */
  realtime_key?: string;
  /** Whether the team is at work (null: could not be told, no banner). */
  hours?: TeamHours | null;
  /** The identity the customer's signature proved (widget_identify): its email is the visitor's. */
  identity?: { external_id: string; email: string | null; identified: boolean };
}

/** widget-session's `hours` (public.widget_team_hours): outside business hours the widget shows its away banner. */
export interface TeamHours {
  open: boolean;
  /** the next opening (ISO instant); null when open, or when no opening is scheduled */
  back_at: string | null;
  /** the organization's own away text, instead of the catalogue's */
  offline_message: string | null;
}

export interface MessagesResponse {
  conversation: Conversation;
  messages: Message[];
}

export interface EscalateResponse {
  ticket_ref: string;
  ticket_id: string;
  created: boolean;
}

/** `event: done` of the chat stream: the stored AI reply. */
export interface DoneEvent {
  id: string;
  body: string;
  created_at: string;
  sources: Source[];
  offer_human: boolean;
  /** the organization hands over at once: the ticket it created, or ask_email (the form opens) */
  hand_over?: { ticket_ref: string } | 'ask_email';
}

/** widget-session with `appearance: true` (public.widget_appearance): the website's look and language. */
export interface Appearance {
  brand_color: string;
  position: 'left' | 'right';
  launcher_icon: 'chat' | 'help' | 'message';
  avatar_url: string | null;
  /** the website's or the organization's own greeting; null: the catalogue's, in the visitor's language */
  greeting: string | null;
  input_placeholder: string | null;
  /** forced by the website; null: the visitor's browser chooses */
  language: string | null;
  assistant_name: string;
}

/** Customer-verified identity from the script tag (data-user-id, data-user-email, data-user-hash). */
export interface Identity {
  external_id: string;
  email?: string;
  hmac: string;
}
