-- CSAT by email (issue 17): the visitor whose conversation is resolved is emailed a 1-5 rating
-- request. A kind of its own, so a visitor can unsubscribe from rating requests and keep replies.
-- Alone in its file: a new enum value cannot be used in the transaction that adds it.
alter type public.email_kind add value if not exists 'csat_request';
