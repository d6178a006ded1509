import { Body, Button, Container, Head, Heading, Hr, Html, Img, Link, Preview, Section, Text } from '@react-email/components';
import { render } from '@react-email/render';
import { createElement as h, type ReactNode } from 'react';
import { markdownToHtml, markdownToText } from '../markdown.ts';
import type { EmailKind } from './links.ts';

// The emails, as react-email components (createElement: the functions compile without a JSX
// setting), rendered to HTML and to the plain-text part. Each carries the organization's name and
// brand colour, and the unsubscribe link.

export interface MessageLine {
  sender: 'visitor' | 'ai' | 'agent' | 'system';
  body: string;
  at: string;
}

/** What public.email_claim returns for one row (private.email_context). */
export interface EmailContext {
  id: string;
  organization_id: string;
  kind: EmailKind;
  recipient: string;
  attempts: number;
  organization: { id: string; name: string; slug: string; brand_color: string | null; logo_url: string | null };
  data: {
    invitation_id?: string;
    role?: string;
    inviter?: string | null;
    expires_at?: string;
    conversation_id?: string;
    reason?: string | null;
    agent_name?: string | null;
    visitor_name?: string | null;
    visitor_email?: string | null;
    website_domain?: string | null;
    ticket_ref?: string | null;
    messages?: MessageLine[];
    integration_id?: string;
    integration_name?: string;
    platform?: 'facebook' | 'zalo';
    integration_status?: string;
    resolution_id?: string;
  };
}

export interface Links {
  appUrl: string;
  unsubscribeUrl: string;
  /** csat_request: the /rate page of this email's signed token; each score link adds ?score=N. */
  rateUrl?: string;
}

export const RATING_LABELS = ['Very poor', 'Poor', 'Okay', 'Good', 'Excellent'] as const;

export interface Rendered {
  subject: string;
  html: string;
  text: string;
}

const safeColor = (c: string | null) => (c && /^#[0-9a-fA-F]{6}$/.test(c) ? c : '#4c6ef5');

const senderLabel: Record<MessageLine['sender'], string> = { visitor: 'You', ai: 'Assistant', agent: 'Support', system: 'Note' };

function Layout(props: { ctx: EmailContext; preview: string; links: Links; children: ReactNode }) {
  const { organization } = props.ctx;
  const color = safeColor(organization.brand_color);
  return h(
    Html,
    { lang: 'en' },
    h(Head, null),
    h(Preview, null, props.preview),
    h(
      Body,
      { style: { backgroundColor: '#f6f7f9', fontFamily: 'Helvetica, Arial, sans-serif' } },
      h(
        Container,
        { style: { backgroundColor: '#ffffff', padding: '24px', borderTop: `4px solid ${color}` } },
        organization.logo_url && /^https:\/\//.test(organization.logo_url)
          ? h(Img, { src: organization.logo_url, alt: organization.name, height: 32 })
          : h(Text, { style: { fontWeight: 'bold', color } }, organization.name),
        props.children,
        h(Hr, null),
        h(
          Text,
          { style: { fontSize: '12px', color: '#868e96' } },
          `Sent by ${organization.name} through Concierge. `,
          h(Link, { href: props.links.unsubscribeUrl }, 'Unsubscribe from these emails'),
        ),
      ),
    ),
  );
}

/** Agents and the assistant write Markdown (rendered safely, _shared/markdown.ts); visitors and notes are plain text. */
const writesMarkdown = (sender: MessageLine['sender']) => sender === 'agent' || sender === 'ai';

function thread(messages: MessageLine[], names: Partial<Record<MessageLine['sender'], string>> = {}) {
  return h(
    Section,
    null,
    ...messages.map((m) => {
      const who = h('strong', null, `${names[m.sender] ?? senderLabel[m.sender]}: `);
      if (!writesMarkdown(m.sender)) return h(Text, { style: { margin: '8px 0' } }, who, m.body);
      return h(
        Section,
        { style: { margin: '8px 0' } },
        h(Text, { style: { margin: '0' } }, who),
        h('div', { dangerouslySetInnerHTML: { __html: markdownToHtml(m.body) } }),
      );
    }),
  );
}

function button(href: string, label: string, color: string | null) {
  return h(
    Button,
    { href, style: { backgroundColor: safeColor(color), color: '#ffffff', padding: '10px 16px', borderRadius: '4px' } },
    label,
  );
}

function content(ctx: EmailContext, links: Links): { subject: string; preview: string; body: ReactNode } {
  const org = ctx.organization;
  const d = ctx.data;
  switch (ctx.kind) {
    case 'invitation': {
      const accept = `${links.appUrl}/dashboard?invitation=${d.invitation_id}`;
      return {
        subject: `You're invited to join ${org.name} on Concierge`,
        preview: `${d.inviter ?? 'A teammate'} invited you to ${org.name}`,
        body: [
          h(Heading, { as: 'h1', style: { fontSize: '20px' } }, `Join ${org.name}`),
          h(
            Text,
            null,
            `${d.inviter ?? 'A teammate'} invited you to join ${org.name} as ${d.role ?? 'a member'}. ` +
              'Sign in or sign up with this email address, then accept the invitation.',
          ),
          button(accept, 'Accept the invitation', org.brand_color),
          h(Text, { style: { fontSize: '12px' } }, `Or open ${accept}`),
        ],
      };
    }
    case 'escalation': {
      const open = `${links.appUrl}/dashboard/${org.slug}/conversations/${d.conversation_id}`;
      const who = d.visitor_name ?? d.visitor_email ?? 'A visitor';
      return {
        subject: `[${org.name}] ${d.ticket_ref ? `${d.ticket_ref}: ` : ''}${who} needs a person`,
        preview: `A conversation was escalated to your team${d.reason ? ` (${d.reason})` : ''}`,
        body: [
          h(Heading, { as: 'h1', style: { fontSize: '20px' } }, `New escalation${d.ticket_ref ? ` ${d.ticket_ref}` : ''}`),
          h(Text, null, `${who} asked for help${d.website_domain ? ` on ${d.website_domain}` : ''}.`),
          thread((d.messages ?? []).slice(-5), { visitor: 'Visitor' }),
          button(open, 'Open the conversation', org.brand_color),
        ],
      };
    }
    case 'agent_reply': {
      const reopen = d.website_domain ? `https://${d.website_domain}/#concierge-open` : null;
      return {
        subject: `${org.name} replied to your question`,
        preview: markdownToText((d.messages ?? [])[0]?.body ?? '').slice(0, 120) || `A reply from ${org.name}`,
        body: [
          h(Heading, { as: 'h1', style: { fontSize: '20px' } }, `${d.agent_name ?? org.name} replied`),
          thread(d.messages ?? [], { agent: d.agent_name ?? org.name }),
          reopen ? button(reopen, 'Continue the conversation', org.brand_color) : null,
        ],
      };
    }
    case 'channel_alert': {
      const open = `${links.appUrl}/dashboard/${org.slug}/integrations`;
      const kind = d.platform === 'zalo' ? 'Zalo Official Account' : 'Facebook Page';
      const name = d.integration_name ?? `Your ${kind}`;
      return {
        subject: `[${org.name}] ${name} needs reconnecting`,
        preview: `Messages to ${name} can no longer be answered from Concierge until an admin reconnects it`,
        body: [
          h(Heading, { as: 'h1', style: { fontSize: '20px' } }, `${name} needs reconnecting`),
          h(
            Text,
            null,
            `Concierge can no longer use the ${kind} ${name} of ${org.name}: replies to its customers cannot be sent. ` +
              'An admin or owner must reconnect it from the Integrations page.',
          ),
          d.reason ? h(Text, { style: { color: '#868e96' } }, `Reason: ${d.reason}`) : null,
          button(open, 'Open Integrations', org.brand_color),
        ],
      };
    }
    case 'csat_request': {
      const color = safeColor(org.brand_color);
      return {
        subject: `How did ${org.name} do?`,
        preview: `Your conversation with ${org.name} was resolved: rate the help you got`,
        body: [
          h(Heading, { as: 'h1', style: { fontSize: '20px' } }, 'How did we do?'),
          h(
            Text,
            null,
            `Your conversation with ${org.name}${d.ticket_ref ? ` (${d.ticket_ref})` : ''} was resolved` +
              `${d.agent_name ? ` by ${d.agent_name}` : ''}. How would you rate the help you got, from 1 (very poor) to 5 (excellent)?`,
          ),
          links.rateUrl
            ? h(
                Section,
                null,
                ...RATING_LABELS.map((label, i) =>
                  h(
                    Text,
                    { style: { margin: '6px 0' } },
                    h(
                      Link,
                      { href: `${links.rateUrl}?score=${i + 1}`, style: { color, fontWeight: 'bold' } },
                      `${i + 1} – ${label}`,
                    ),
                  ),
                ),
              )
            : null,
          h(Text, { style: { fontSize: '12px', color: '#868e96' } }, 'You confirm your score on the page and can add a comment.'),
        ],
      };
    }
    case 'transcript':
      return {
        subject: `Your conversation with ${org.name}`,
        preview: `The transcript of your conversation with ${org.name}`,
        body: [
          h(Heading, { as: 'h1', style: { fontSize: '20px' } }, `Your conversation with ${org.name}`),
          thread(d.messages ?? [], { agent: d.agent_name ?? org.name }),
        ],
      };
  }
}

export async function renderEmail(ctx: EmailContext, links: Links): Promise<Rendered> {
  const c = content(ctx, links);
  const element = h(Layout, { ctx, preview: c.preview, links, children: c.body });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: c.subject, html, text };
}
