-- Channels (issue 14): the admins of an organization are emailed when one of its pages / OAs
-- needs reconnecting (a rejected token, a failed Zalo refresh). A kind of its own, so an admin can
-- unsubscribe from these without losing escalations. Alone in its file: a new enum value cannot
-- be used in the transaction that adds it.
alter type public.email_kind add value if not exists 'channel_alert';
