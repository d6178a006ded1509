-- Demo data for local development and the pgTAP suite (runs as postgres, bypassing RLS).
-- Fixed ids: organizations a0/b0..., websites a1/b1..., conversations a2/b2..., tickets a3/b3...,
-- visitors a4/b4..., messages a5/b5..., articles a6/b6..., invitations a7/b7....
-- Acme ids start with a, Globex ids with b.

-- Neither organization is the default one (settings.default_org): a stranger who signs up gets a
-- personal organization, not a seat in a demo help desk. An operator turns the feature on with SQL.
insert into public.organizations (id, slug, name, kind, ticket_prefix, settings) values
  ('a0000000-0000-4000-8000-000000000001', 'acme', 'Acme Corp', 'team', 'ACM',
   '{"assistant_name": "Acme Concierge", "greeting": "Hi! I''m the Acme Concierge. Ask me about orders, billing or your account.", "escalation_threshold": 0.55}'),
  ('b0000000-0000-4000-8000-000000000001', 'globex', 'Globex', 'team', 'GLX',
   '{"assistant_name": "Globex Helper", "greeting": "Welcome to Globex! How can we help?", "escalation_threshold": 0.6}');

insert into public.users (id, email, name) values
  ('user_acme_owner', 'ada@acme.com', 'Ada Lovelace'),
  ('user_acme_admin', 'grace@acme.com', 'Grace Hopper'),
  ('user_acme_agent', 'alan@acme.com', 'Alan Turing'),
  ('user_acme_viewer', 'vera@acme.com', 'Vera Rubin'),
  ('user_globex_owner', 'hank@globex.com', 'Hank Scorpio'),
  ('user_globex_agent', 'gina@globex.com', 'Gina Torres'),
  ('user_globex_viewer', 'gus@globex.com', 'Gus Grissom'),
  ('user_consultant', 'casey@consult.example', 'Casey Jones'),
  ('user_nobody', 'nora@nowhere.example', 'Nora Nobody');
-- the demo accounts stand for users whose identity provider verified their email
update public.users set email_verified = true;

insert into public.organization_members (organization_id, user_id, role) values
  ('a0000000-0000-4000-8000-000000000001', 'user_acme_owner', 'owner'),
  ('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'admin'),
  ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'agent'),
  ('a0000000-0000-4000-8000-000000000001', 'user_acme_viewer', 'viewer'),
  ('a0000000-0000-4000-8000-000000000001', 'user_consultant', 'agent'),
  ('b0000000-0000-4000-8000-000000000001', 'user_globex_owner', 'owner'),
  ('b0000000-0000-4000-8000-000000000001', 'user_globex_agent', 'agent'),
  ('b0000000-0000-4000-8000-000000000001', 'user_globex_viewer', 'viewer'),
  ('b0000000-0000-4000-8000-000000000001', 'user_consultant', 'agent');

-- verified (as if by its DNS TXT record), so acme.com sign-ups auto-join Acme
insert into public.organization_domains (organization_id, domain, role, verified_at) values
  ('a0000000-0000-4000-8000-000000000001', 'acme.com', 'agent', now());

insert into public.invitations (id, organization_id, email, role, invited_by) values
  ('a7000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'marie@curie.example', 'agent', 'user_acme_owner'),
  ('b7000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'frank@globex.com', 'viewer', 'user_globex_owner');

insert into public.websites (id, organization_id, domain, name, public_key, allowed_origins) values
  ('a1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'acme.com', 'Acme main site', 'wk_acme_main',
   '{https://acme.com,https://www.acme.com,http://localhost:3000}'),
  ('a1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'support.acme.com', 'Acme support', 'wk_acme_support',
   '{https://support.acme.com,http://localhost:3000}'),
  ('a1000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'shop.acme.com', 'Acme shop', 'wk_acme_shop',
   '{https://shop.acme.com,http://localhost:3000}'),
  ('b1000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'globex.com', 'Globex', 'wk_globex_main',
   '{https://globex.com,http://localhost:3000}');

insert into public.visitors (id, organization_id, website_id, external_id, email, name, metadata, first_seen_at, last_seen_at) values
  ('a4000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', null, 'jane@example.com', 'Jane Doe', '{"browser": "Firefox"}', now() - interval '3 days', now() - interval '2 hours'),
  ('a4000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000003', 'cust_1042', 'omar@example.com', 'Omar Haddad', '{"plan": "pro"}', now() - interval '2 days', now() - interval '1 day'),
  ('a4000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000002', null, null, null, '{}', now() - interval '5 hours', now() - interval '4 hours'),
  ('b4000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', null, 'homer@example.com', 'Homer Simpson', '{}', now() - interval '4 days', now() - interval '3 hours'),
  ('b4000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'gx_77', 'lena@example.com', 'Lena Park', '{}', now() - interval '1 day', now() - interval '1 day');

insert into public.conversations (id, organization_id, website_id, visitor_id, status, is_escalated, escalated_reason, escalated_at,
  is_resolved, resolved_at, resolved_by, assignee_id, agent_name, agent_joined_at, summary, created_at) values
  ('a2000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', 'a4000000-0000-4000-8000-000000000001',
   'open', true, 'visitor_request', now() - interval '2 hours', false, null, null, 'user_acme_agent', 'Alan', now() - interval '110 minutes',
   'Customer was charged twice for the October invoice.', now() - interval '3 hours'),
  ('a2000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000003', 'a4000000-0000-4000-8000-000000000002',
   'closed', false, null, null, true, now() - interval '1 day', 'ai', null, null, null,
   'Asked about international shipping times; answered from the shipping article.', now() - interval '1 day 1 hour'),
  ('a2000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000002', 'a4000000-0000-4000-8000-000000000003',
   'pending', true, 'low_confidence', now() - interval '4 hours', false, null, null, null, null, null,
   'Wants to export data in a custom format.', now() - interval '5 hours'),
  ('a2000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', 'a4000000-0000-4000-8000-000000000001',
   'open', false, null, null, false, null, null, null, null, null, null, now() - interval '30 minutes'),
  ('b2000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'b4000000-0000-4000-8000-000000000001',
   'open', true, 'visitor_request', now() - interval '3 hours', false, null, null, 'user_globex_agent', 'Gina', now() - interval '170 minutes',
   'Reactor access badge stopped working.', now() - interval '4 hours'),
  ('b2000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'b4000000-0000-4000-8000-000000000002',
   'closed', false, null, null, true, now() - interval '20 hours', 'user_globex_agent', null, null, null,
   'Password reset link expired; resent.', now() - interval '1 day'),
  ('b2000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'b4000000-0000-4000-8000-000000000001',
   'open', false, null, null, false, null, null, null, null, null, null, now() - interval '1 hour'),
  ('b2000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', null,
   'pending', false, null, null, false, null, null, null, null, null, null, now() - interval '6 hours');

insert into public.messages (id, organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, metadata, is_internal, created_at) values
  -- Acme: charged twice, escalated to a person (ticket ACM-001)
  ('a5000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'visitor', 'a4000000-0000-4000-8000-000000000001', 'c-1001',
   'Hi, I was charged twice for my October invoice.', '{}', false, now() - interval '3 hours'),
  ('a5000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'ai', 'ai', null,
   'Sorry about that! Duplicate charges are usually a pending authorization that drops off within 3-5 business days. Would you like me to connect you with our billing team?',
   '{"intent": "billing_duplicate_charge", "confidence": 0.54, "sources": [{"id": "a6000000-0000-4000-8000-000000000002", "title": "Understanding your invoice"}]}', false, now() - interval '179 minutes'),
  ('a5000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'visitor', 'a4000000-0000-4000-8000-000000000001', 'c-1002',
   'Yes please, I''d like to talk to a person.', '{}', false, now() - interval '2 hours'),
  ('a5000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'agent', 'user_acme_agent', null,
   'Hi Jane, Alan here from billing. I can see both charges; I''ve started a refund for the duplicate.', '{}', false, now() - interval '110 minutes'),
  ('a5000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'agent', 'user_acme_agent', null,
   'Refund #R-5521 issued in Stripe, should land in 5-10 days.', '{}', true, now() - interval '105 minutes'),
  -- Acme: shipping question the AI resolved
  ('a5000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000002', 'visitor', 'a4000000-0000-4000-8000-000000000002', 'c-2001',
   'How long does shipping to Canada take?', '{}', false, now() - interval '1 day 1 hour'),
  ('a5000000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000002', 'ai', 'ai', null,
   'International orders to Canada usually arrive in 5-8 business days. You''ll get a tracking link by email as soon as it ships.',
   '{"intent": "shipping_time", "confidence": 0.91, "sources": [{"id": "a6000000-0000-4000-8000-000000000003", "title": "Shipping times and tracking"}]}', false, now() - interval '1 day 59 minutes'),
  ('a5000000-0000-4000-8000-000000000008', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000002', 'visitor', 'a4000000-0000-4000-8000-000000000002', 'c-2002',
   'Perfect, thanks!', '{}', false, now() - interval '1 day 58 minutes'),
  -- Acme: low-confidence export question (ticket ACM-002)
  ('a5000000-0000-4000-8000-000000000009', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'visitor', 'a4000000-0000-4000-8000-000000000003', 'c-3001',
   'Can I export all my orders as XML for our ERP?', '{}', false, now() - interval '5 hours'),
  ('a5000000-0000-4000-8000-000000000010', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'ai', 'ai', null,
   'I''m not sure about XML exports. I''ve passed your question to the team, who will reply by email.',
   '{"intent": "data_export", "confidence": 0.31, "sources": []}', false, now() - interval '299 minutes'),
  ('a5000000-0000-4000-8000-000000000011', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'system', null, null,
   'Conversation escalated: low confidence.', '{"event": "escalated"}', false, now() - interval '4 hours'),
  -- Acme: fresh conversation
  ('a5000000-0000-4000-8000-000000000012', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'visitor', 'a4000000-0000-4000-8000-000000000001', 'c-4001',
   'How do I reset my password?', '{}', false, now() - interval '30 minutes'),
  ('a5000000-0000-4000-8000-000000000013', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000004', 'ai', 'ai', null,
   'Click "Forgot password" on the sign-in page and follow the link we email you; it is valid for 30 minutes.',
   '{"intent": "password_reset", "confidence": 0.88, "sources": [{"id": "a6000000-0000-4000-8000-000000000001", "title": "How to reset your password"}]}', false, now() - interval '29 minutes'),
  -- Globex: badge problem, escalated (ticket GLX-001)
  ('b5000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', 'visitor', 'b4000000-0000-4000-8000-000000000001', 'g-1001',
   'My access badge stopped working this morning.', '{}', false, now() - interval '4 hours'),
  ('b5000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', 'ai', 'ai', null,
   'Badges are re-issued by the security desk. I''ll bring in a teammate to help.',
   '{"intent": "badge_access", "confidence": 0.42, "sources": []}', false, now() - interval '239 minutes'),
  ('b5000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', 'agent', 'user_globex_agent', null,
   'Hi Homer, Gina here. I''ve re-activated your badge; please try again.', '{}', false, now() - interval '170 minutes'),
  -- Globex: password reset, resolved
  ('b5000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000002', 'visitor', 'b4000000-0000-4000-8000-000000000002', 'g-2001',
   'My password reset link says it expired.', '{}', false, now() - interval '1 day'),
  ('b5000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000002', 'ai', 'ai', null,
   'Reset links expire after 30 minutes. Request a new one from the sign-in page and use it right away.',
   '{"intent": "password_reset", "confidence": 0.86, "sources": [{"id": "b6000000-0000-4000-8000-000000000001", "title": "Resetting your Globex password"}]}', false, now() - interval '1439 minutes'),
  ('b5000000-0000-4000-8000-000000000006', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000003', 'visitor', 'b4000000-0000-4000-8000-000000000001', 'g-3001',
   'Do you offer volume discounts on doomsday devices?', '{}', false, now() - interval '1 hour'),
  ('b5000000-0000-4000-8000-000000000007', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000004', 'visitor', null, 'g-4001',
   'Is the Cypress Creek campus open on weekends?', '{}', false, now() - interval '6 hours');

-- Tickets go through the numbering trigger: ACM-001, ACM-002, GLX-001.
insert into public.tickets (id, organization_id, conversation_id, website_id, customer_email, customer_name, subject, original_query, ai_context, status, priority, assignee_id, created_at) values
  ('a3000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001',
   'jane@example.com', 'Jane Doe', 'Charged twice for October invoice', 'Hi, I was charged twice for my October invoice.',
   '{"confidence": 0.54, "intent": "billing_duplicate_charge", "reason": "visitor_request"}', 'pending', 'high', 'user_acme_agent', now() - interval '2 hours');
insert into public.tickets (id, organization_id, conversation_id, website_id, customer_email, customer_name, subject, original_query, ai_context, status, priority, created_at) values
  ('a3000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000002',
   null, null, 'XML export of orders', 'Can I export all my orders as XML for our ERP?',
   '{"confidence": 0.31, "intent": "data_export", "reason": "low_confidence"}', 'open', 'normal', now() - interval '4 hours');
insert into public.tickets (id, organization_id, conversation_id, website_id, customer_email, customer_name, subject, original_query, ai_context, status, priority, assignee_id, created_at) values
  ('b3000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001',
   'homer@example.com', 'Homer Simpson', 'Access badge not working', 'My access badge stopped working this morning.',
   '{"confidence": 0.42, "intent": "badge_access", "reason": "visitor_request"}', 'open', 'urgent', 'user_globex_agent', now() - interval '3 hours');

-- collections group the articles in the dashboard's knowledge base and the help center; the agents wrote them
insert into public.articles (id, organization_id, title, slug, tags, is_published, collection, created_by, updated_by, body) values
  ('a6000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'How to reset your password', 'reset-password', '{account,security}', true, 'Account', 'user_acme_agent', 'user_acme_agent',
   'Forgot your password? On the sign-in page click "Forgot password" and enter the email address of your Acme account. We send a reset link that is valid for 30 minutes. Open it, choose a new password of at least 12 characters, and sign in again. If the email does not arrive, check your spam folder or contact support.'),
  ('a6000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'Understanding your invoice', 'understanding-your-invoice', '{billing}', true, 'Billing', 'user_acme_agent', 'user_acme_agent',
   'Invoices are issued on the first day of each month and list your plan, any add-ons and taxes. A duplicate charge is usually a pending card authorization that disappears within 3-5 business days. If both charges settle, contact billing and we will refund the duplicate. You can download past invoices under Settings > Billing.'),
  ('a6000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'Shipping times and tracking', 'shipping-times', '{shipping,orders}', true, 'Orders & shipping', 'user_acme_agent', 'user_acme_agent',
   'Orders ship within 1 business day. Domestic delivery takes 2-4 business days; international shipping to Canada and Europe takes 5-8 business days. You receive a tracking link by email as soon as your order ships. Shipping is free on orders over $50.'),
  ('a6000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', 'Returns and refunds', 'returns-and-refunds', '{orders,billing}', true, 'Orders & shipping', 'user_acme_agent', 'user_acme_agent',
   'You can return any unused item within 30 days of delivery. Start a return from Orders > Return item, print the prepaid label and drop the parcel at any post office. Refunds go back to the original payment method within 5-10 business days after we receive the item.'),
  ('a6000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001', 'Changing your subscription plan', 'change-plan', '{billing,account}', true, 'Billing', 'user_acme_agent', 'user_acme_agent',
   'Upgrade or downgrade at any time under Settings > Billing > Plan. Upgrades take effect immediately and are prorated; downgrades apply at the start of the next billing period.'),
  ('a6000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000001', 'Exporting your data (draft)', 'exporting-data', '{account}', false, 'Account', 'user_acme_agent', 'user_acme_agent',
   'Draft: CSV export is available under Settings > Data. XML export is on the roadmap.'),
  ('b6000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'Resetting your Globex password', 'reset-password', '{account,security}', true, 'Account', 'user_globex_agent', 'user_globex_agent',
   'Use "Forgot password" on the Globex sign-in page. Reset links expire after 30 minutes, so request a new one if yours has expired and use it right away.'),
  ('b6000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000001', 'Access badges', 'access-badges', '{campus,security}', true, 'Campus', 'user_globex_agent', 'user_globex_agent',
   'Access badges are issued by the security desk in the Cypress Creek lobby. A badge that stops working is usually expired: bring it to the desk and it will be re-activated within minutes.'),
  ('b6000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000001', 'Campus opening hours', 'campus-hours', '{campus}', true, 'Campus', 'user_globex_agent', 'user_globex_agent',
   'The Cypress Creek campus is open Monday to Friday, 7am to 7pm. On weekends only the hammock district and the lab wing are open to badge holders.'),
  ('b6000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000001', 'Billing and payment methods', 'billing', '{billing}', true, 'Billing', 'user_globex_agent', 'user_globex_agent',
   'Globex accepts credit cards, bank transfer and purchase orders. Invoices are payable within 30 days. Volume pricing is available on request from our sales team.'),
  ('b6000000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-000000000001', 'Shipping and delivery', 'shipping', '{shipping,orders}', true, 'Orders & shipping', 'user_globex_agent', 'user_globex_agent',
   'We ship worldwide from our Cypress Creek warehouse. Standard delivery takes 3-7 business days; express delivery arrives in 1-2 business days. Oversized equipment ships by freight.');

-- More articles, so the answer eval (scripts/eval) has enough to tell good retrieval from bad:
-- long ones with Markdown sections (retrieval cites the section), one French and one German (the
-- article's language picks its text-search configuration). They avoid the words the chat and widget tests'
-- questions use ("shipping", "return", "refund", "password", "work"), so those keep their answers and single source.
insert into public.articles (id, organization_id, title, slug, tags, is_published, language, published_at, body) values
  ('a6000000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-000000000001', 'Two-factor authentication', 'two-factor-authentication', '{account,security}', true, 'en', now(),
   E'Two-factor authentication (2FA) protects your Acme account with a code from your phone on top of your sign-in.\n\n## Turn on two-factor authentication\n\nOpen Settings > Security and choose "Enable two-factor". Scan the QR code with an authenticator app and type the six-digit code to confirm.\n\n## Backup codes\n\nWhen you enable 2FA we show ten backup codes. Each code is valid once. Store them somewhere safe: they let you sign in when your phone is not at hand.\n\n## Lost your phone\n\nSign in with one of your backup codes, then disable two-factor and enable it again with your new phone. Without a backup code our support team verifies your identity by email before removing 2FA, which takes up to two business days.'),
  ('a6000000-0000-4000-8000-000000000008', 'a0000000-0000-4000-8000-000000000001', 'Payment methods we accept', 'payment-methods', '{billing}', true, 'en', now(),
   'Acme accepts Visa, Mastercard, American Express and PayPal. Apple Pay and Google Pay are accepted at checkout on phones. We do not accept cheques or cash on delivery. To update the card on file, open Settings > Billing > Payment method.'),
  ('a6000000-0000-4000-8000-000000000009', 'a0000000-0000-4000-8000-000000000001', 'Lost or delayed parcels', 'lost-parcel', '{orders}', true, 'en', now(),
   'If your tracking link has not updated for five days, the parcel may be held at a sorting centre. Wait two more business days, then report it under Orders > Report a problem. We send a replacement free of charge for a parcel the carrier confirms lost.'),
  ('a6000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-000000000001', 'Deleting your Acme account', 'delete-account', '{account}', true, 'en', now(),
   'You can close your account under Settings > Account > Delete account. Deletion becomes permanent after a 14-day grace period; sign in before then to cancel it. Active subscriptions end with the account and unused days are not credited.'),
  ('a6000000-0000-4000-8000-00000000000b', 'a0000000-0000-4000-8000-000000000001', 'Team members and seats', 'team-seats', '{account,billing}', true, 'en', now(),
   'Invite colleagues under Settings > Team. Each member uses one seat; admins can add seats at any time and extra seats are billed on your next invoice. Remove a member to free their seat.'),
  ('a6000000-0000-4000-8000-00000000000c', 'a0000000-0000-4000-8000-000000000001', 'Using the Acme mobile app', 'mobile-app', '{account}', true, 'en', now(),
   E'The Acme app lets you follow orders and chat with us from your phone.\n\n## Install the app\n\nDownload Acme from the App Store or Google Play and sign in with your Acme email. The app needs iOS 16 or Android 12 or newer.\n\n## Notifications\n\nAllow notifications to hear when an order is dispatched or a message arrives. Turn them off any time in the app under Profile > Notifications.\n\n## Offline mode\n\nYour recent orders and receipts stay readable without a connection; new orders wait until you are back online.'),
  ('a6000000-0000-4000-8000-00000000000d', 'a0000000-0000-4000-8000-000000000001', 'Délais de livraison', 'delais-de-livraison', '{orders}', true, 'fr', now(),
   'Les commandes partent sous un jour ouvré. La livraison en France prend de 3 à 5 jours ouvrés. Vous recevez un lien de suivi par e-mail dès l''expédition de votre commande.'),
  ('b6000000-0000-4000-8000-000000000006', 'b0000000-0000-4000-8000-000000000001', 'Visitor parking', 'visitor-parking', '{campus}', true, 'en', now(),
   'Visitors park in lot C next to the Cypress Creek lobby. Parking is free for up to four hours; show your visitor pass at the gate. Electric vehicle chargers are in row 3.'),
  ('b6000000-0000-4000-8000-000000000007', 'b0000000-0000-4000-8000-000000000001', 'Booking a meeting room', 'meeting-rooms', '{campus}', true, 'en', now(),
   'Meeting rooms are booked in the Globex intranet under Facilities > Rooms. Rooms hold 4 to 20 people; the auditorium needs approval from the events team two weeks ahead.'),
  ('b6000000-0000-4000-8000-000000000008', 'b0000000-0000-4000-8000-000000000001', 'Globex employee handbook', 'employee-handbook', '{staff}', true, 'en', now(),
   E'What every Globex employee needs to know.\n\n## Working hours\n\nCore hours are 10am to 4pm; outside them you choose when you work, up to 40 hours a week.\n\n## Holidays\n\nFull-time staff get 25 days of paid holiday a year plus public holidays. Request holidays at least two weeks ahead through your manager.\n\n## Expenses\n\nSubmit expenses within 30 days with receipts in the Globex expense tool. Approved expenses are paid with your next salary.'),
  ('b6000000-0000-4000-8000-000000000009', 'b0000000-0000-4000-8000-000000000001', 'Lieferung nach Deutschland', 'lieferung-deutschland', '{shipping}', true, 'de', now(),
   'Wir liefern nach Deutschland in 4 bis 6 Werktagen. Die Expresslieferung dauert 2 Werktage. Die Sendungsverfolgung erhalten Sie per E-Mail.'),
  ('b6000000-0000-4000-8000-00000000000a', 'b0000000-0000-4000-8000-000000000001', 'Reporting a security incident', 'security-incident', '{security}', true, 'en', now(),
   'Report a suspected security incident to the security desk at once, by phone on extension 911 or by email to security@globex.example. Do not investigate on your own.');

-- Widget identity secrets.
-- Fixed dev secret so tests and docs can compute identity HMACs:
--   hex(hmac_sha256(key = 'acme-identity-secret-dev', message = external_id))
insert into public.website_secrets (website_id, organization_id, identity_secret) values
  ('a1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'acme-identity-secret-dev');

-- Quotas (private.organization_quotas): the demo organizations take the test suites' load (e.g.
-- 100 concurrent escalations on one website) and a developer's experiments, so they get generous
-- limits; organizations created by tests or by sign-up get the defaults of private.quota_limit().
insert into private.organization_quotas (organization_id, sessions_per_minute, sessions_per_day, escalations_per_hour, ai_turns_per_day) values
  ('a0000000-0000-4000-8000-000000000001', 100000, 10000000, 100000, 10000000),
  ('b0000000-0000-4000-8000-000000000001', 100000, 10000000, 100000, 10000000);

-- The demo organizations' public help centers (/help/acme, /help/globex) are on; an organization
-- created by sign-up starts with its help center off until an admin turns it on in Settings.
update public.organizations set settings = settings || '{"help_center_enabled": true}'
where id in ('a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001');

-- Team directory (issue 15): opted-in profiles with varied expertise in both organizations, so
-- "ask the team" and "find an expert" have someone to suggest. Vera's profile is opted out (only
-- she sees it); the consultant keeps one profile per organization. Fixed ids a8/b8....
insert into public.profiles (id, organization_id, user_id, display_name, title, expertise, languages, bio, work_email, linkedin_url, opted_in) values
  ('a8000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'user_acme_owner', 'Ada Lovelace', 'Head of Support',
   '{analytics,reporting,data export,escalations}', '{en,fr}', 'Runs the support team; knows the reporting pipeline and every data export format.',
   'ada@acme.com', 'https://www.linkedin.com/in/ada-lovelace-demo', true),
  ('a8000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'Grace Hopper', 'Billing Lead',
   '{billing,invoices,refunds,payments,stripe}', '{en,es}', 'Handles double charges, refunds and invoice corrections.',
   'grace@acme.com', 'https://www.linkedin.com/in/grace-hopper-demo', true),
  ('a8000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'Alan Turing', 'Support Engineer',
   '{api,sso,security,webhooks,integrations}', '{en,de}', 'Debugs API errors, single sign-on set-ups and webhook deliveries.',
   'alan@acme.com', null, true),
  ('a8000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001', 'user_acme_viewer', 'Vera Rubin', 'Analyst',
   '{shipping,logistics}', '{en}', 'Tracks shipping times.', 'vera@acme.com', null, false),
  ('a8000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001', 'user_consultant', 'Casey Jones', 'Consultant',
   '{onboarding,training,shipping}', '{en,vi}', 'Trains new agents and knows international shipping.', 'casey@consult.example', null, true),
  ('b8000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'user_globex_owner', 'Hank Scorpio', 'CEO',
   '{strategy,partnerships,billing}', '{en}', 'Signs the big contracts.', 'hank@globex.com', 'https://www.linkedin.com/in/hank-scorpio-demo', true),
  ('b8000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000001', 'user_globex_agent', 'Gina Torres', 'Facilities Support',
   '{access badges,security,reactor}', '{en,es}', 'Fixes access badges and facility security issues.', 'gina@globex.com', null, true),
  ('b8000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000001', 'user_consultant', 'Casey Jones', 'Consultant',
   '{refunds,api}', '{en}', 'Globex engagement: refunds process and API rollout.', 'casey@consult.example', null, true);

-- Canned responses (issue 17): shared ones per organization (admins manage them) and one personal
-- one of Alan's; "/" in the reply box finds them. Fixed ids a9/b9....
insert into public.canned_responses (id, organization_id, owner_id, shortcut, title, body) values
  ('a9000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', null, 'greeting', 'Greeting',
   E'Hi {{customer.name}}, this is {{agent.name}} from Acme support. Thanks for reaching out!'),
  ('a9000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', null, 'refund-policy', 'Refund policy',
   E'Refunds go back to the original payment method within **5 business days**. See [our refund policy](https://acme.com/refunds).\n\nYour reference: {{ticket.ref}}'),
  ('a9000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'sign-off', 'My sign-off',
   E'Anything else I can help with?\n\n— {{agent.name}}'),
  ('b9000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', null, 'greeting', 'Greeting',
   E'Hello {{customer.name}}, Globex facilities here.');

-- Labels (issue 17): each organization's own, with a colour; two Acme conversations and a ticket
-- carry some so the inbox filter and analytics have something to show. Fixed ids aa/ba....
insert into public.labels (id, organization_id, name, color) values
  ('aa000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'billing', '#e03131'),
  ('aa000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'bug', '#f08c00'),
  ('aa000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001', 'vip', '#7048e8'),
  ('ba000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 'reactor', '#2f9e44');
insert into public.conversation_labels (organization_id, conversation_id, label_id) values
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'aa000000-0000-4000-8000-000000000001'),
  ('a0000000-0000-4000-8000-000000000001', 'a2000000-0000-4000-8000-000000000001', 'aa000000-0000-4000-8000-000000000003');
insert into public.ticket_labels (organization_id, ticket_id, label_id) values
  ('a0000000-0000-4000-8000-000000000001', 'a3000000-0000-4000-8000-000000000001', 'aa000000-0000-4000-8000-000000000001');

-- Business hours (issue 17): Acme works Monday to Friday, 09:00-17:00 New York time, and is away
-- on Christmas Day. The hours are not enabled, so the demo widget is never offline by the clock
-- (tests that need them enabled turn them on and back off). Fixed ids ab....
insert into public.business_hours (organization_id, enabled, time_zone) values
  ('a0000000-0000-4000-8000-000000000001', false, 'America/New_York');
insert into public.business_hours_days (organization_id, weekday, opens_at, closes_at)
select 'a0000000-0000-4000-8000-000000000001', d, '09:00', '17:00' from generate_series(1, 5) d;
insert into public.holidays (id, organization_id, day, name) values
  ('ab000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', '2026-12-25', 'Christmas Day');

-- SLA policies (issue 17): Acme answers urgent tickets within an hour and resolves them within a
-- working day; low has no targets (no row). The seed tickets are younger than their targets, so
-- nothing shows as breached in the demo. Globex has none.
insert into public.sla_policies (organization_id, priority, first_response_minutes, resolution_minutes) values
  ('a0000000-0000-4000-8000-000000000001', 'urgent', 60, 480),
  ('a0000000-0000-4000-8000-000000000001', 'high', 240, 1440),
  ('a0000000-0000-4000-8000-000000000001', 'normal', 480, 2880);
