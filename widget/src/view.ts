import { brandColors } from './brand';
import { fill, h, icons } from './dom';
import { createEscalateForm, type EscalateForm } from './form';
import { t } from './i18n';
import { renderMarkdown } from './markdown';
import { CSS } from './styles';
import type { Entry } from './thread';
import type { Appearance, Source } from './types';

/**
 * The cited articles, each a link to its help-center page when the answer carries one (only
 * http(s) links: the URL comes from the server, but a link is never a script).
 */
function sourceLinks(sources: Source[]): (HTMLElement | string)[] {
  return sources.flatMap((s, i) => {
    const link =
      s.url && /^https?:\/\//.test(s.url) ? h('a', { href: s.url, target: '_blank', rel: 'noopener nofollow' }, s.title) : h('span', {}, s.title);
    return i === 0 ? [link] : [', ', link];
  });
}

// The widget's DOM, inside an open shadow root on a <concierge-widget> host at the end of body:
// a launcher button and a non-modal dialog with the message log, the escalation form and the
// composer. It renders what the controller (widget.ts) tells it and reports what the visitor does.

export interface ViewHandlers {
  toggle(open: boolean): void;
  send(text: string): void;
  retry(key: string): void;
  human(): void;
  escalate(email: string, name: string): void;
  reconnect(): void;
  transcript(): void;
  /** The visitor typed in the composer (live.ts tells the team, throttled). */
  typed(): void;
  rate(key: string, rating: 1 | -1): void;
  /** The visitor's satisfaction with the resolved conversation (1-5) and an optional comment. */
  rateConversation(rating: number, comment: string): void;
}

export type StatusKind = 'connecting' | 'offline' | 'error';

export interface View {
  host: HTMLElement;
  form: EscalateForm;
  showForm(on: boolean): void;
  setOpen(open: boolean): void;
  /** The assistant's name (the session's); the greeting is the website's, or the catalogue's. */
  setAssistant(name: string): void;
  setAgent(name: string | null): void;
  upsert(entry: Entry): void;
  remove(entry: Entry): void;
  clear(keep: readonly Entry[]): void;
  notice(text: string): void;
  offerHuman(show: boolean): void;
  status(kind: StatusKind | null, text?: string): void;
  badge(count: number): void;
  ticket(text: string | null): void;
  /** The "we're away" banner under the header, or none (null: the team is at work). */
  away(text: string | null): void;
  composerError(text: string | null): void;
  clearComposer(): void;
  /** The CSAT question at the end of the log while a rating is due (shown once, kept while typing). */
  csat(due: boolean): void;
  /** "<name> is typing…" under the log, or nothing (null). */
  typing(name: string | null): void;
}

/** The website's look (widget-session's appearance), or null for the defaults when it could not be read. */
export function createView(handlers: ViewHandlers, look: Appearance | null): View {
  const host = document.createElement('concierge-widget');
  host.setAttribute('style', 'all:initial');
  const shadow = host.attachShadow({ mode: 'open' });

  let assistantName = look?.assistant_name ?? t('assistant');
  const greetingText = look?.greeting ?? t('greeting');
  const colors = brandColors(look?.brand_color);
  const launcherIcon = icons[look?.launcher_icon ?? 'chat'] ?? icons.chat;
  const rows = new Map<string, HTMLElement>();

  const badge = h('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
  const launcher = h('button', {
    type: 'button',
    class: 'launcher',
    'aria-label': t('openChat'),
    'aria-expanded': 'false',
    'aria-controls': 'cw-panel',
    onclick: () => handlers.toggle(launcher.getAttribute('aria-expanded') !== 'true'),
  });
  const setLauncherIcon = (open: boolean) => launcher.replaceChildren(open ? icons.close() : launcherIcon(), badge);
  setLauncherIcon(false);

  const title = h('span', {}, t('chatWithUs'));
  const subtitle = h('span', { class: 'sub' }, t('answerRightAway'));
  const statusBar = h('div', { class: 'status', role: 'status', hidden: true });
  const ticketBar = h('p', { class: 'ticket', role: 'status', hidden: true });
  const awayBar = h('p', { class: 'away', role: 'status', hidden: true });
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t('conversation') });
  const typingLine = h('p', { class: 'typing-line', role: 'status', hidden: true });
  const greeting = h('div', { class: 'row ai' });

  /** Keeps the newest message in view unless the visitor scrolled up to read (also when bars above or below the log appear). */
  const stickToBottom = (change: () => void) => {
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    change();
    if (atBottom) log.scrollTop = log.scrollHeight;
  };

  const textarea = h('textarea', {
    id: 'cw-message',
    rows: '1',
    placeholder: look?.input_placeholder ?? t('placeholder'),
    'aria-describedby': 'cw-composer-err',
    oninput: () => {
      grow();
      if (textarea.value.trim()) handlers.typed();
    },
    onkeydown: (event) => {
      const e = event as KeyboardEvent;
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        handlers.send(textarea.value);
      }
    },
  });
  const grow = () => {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 120)}px`;
  };
  const composerErr = h('p', { id: 'cw-composer-err', class: 'cerr', role: 'alert', hidden: true });
  const composer = h(
    'form',
    {
      class: 'composer',
      onsubmit: (event) => {
        event.preventDefault();
        handlers.send(textarea.value);
      },
    },
    h('label', { class: 'sr', for: 'cw-message' }, t('message')),
    textarea,
    h('button', { type: 'submit', class: 'send', 'aria-label': t('send') }, icons.send()),
  );

  const form = createEscalateForm(
    (email, name) => handlers.escalate(email, name),
    () => showForm(false),
  );
  const showForm = (on: boolean) => {
    stickToBottom(() => {
      composer.hidden = on;
      if (on) form.open();
      else form.close();
    });
    if (!on) textarea.focus();
  };

  const panel = h(
    'div',
    {
      id: 'cw-panel',
      class: 'panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-label': t('chatWithUs'),
      hidden: true,
      onkeydown: (event) => {
        if ((event as KeyboardEvent).key === 'Escape') handlers.toggle(false);
      },
    },
    h(
      'div',
      { class: 'head' },
      // decorative: the assistant's name is the heading next to it
      look?.avatar_url && /^https:\/\//.test(look.avatar_url) && h('img', { class: 'avatar', src: look.avatar_url, alt: '' }),
      h('h2', { class: 'title' }, title, subtitle),
      h('button', { type: 'button', class: 'human', onclick: () => handlers.human() }, icons.person(), t('talkToHuman')),
      h('button', { type: 'button', class: 'close', 'aria-label': t('closeChat'), onclick: () => handlers.toggle(false) }, icons.close()),
    ),
    statusBar,
    awayBar,
    ticketBar,
    log,
    typingLine,
    form.el,
    composer,
    composerErr,
  );
  const root = h(
    'div',
    {
      class: `root ${look?.position === 'left' ? 'left' : 'right'}`,
      style: `--cw-brand:${colors.brand};--cw-on:${colors.on};--cw-ink:${colors.ink}`,
    },
    panel,
    launcher,
  );
  shadow.append(h('style', {}, CSS), root);

  // the visitor's verdict on an answer: pressed state shows the stored one; pressing the other changes it
  const thumb = (entry: Entry, rating: 1 | -1, label: string, text: string) =>
    h(
      'button',
      { type: 'button', class: 'link thumb', 'aria-pressed': String(entry.rating === rating), onclick: () => handlers.rate(entry.key, rating) },
      h('span', { 'aria-hidden': 'true' }, text),
      h('span', { class: 'sr' }, label),
    );
  const thumbs = (entry: Entry) =>
    h(
      'div',
      { class: 'rate', role: 'group', 'aria-label': t('wasHelpful') },
      thumb(entry, 1, t('helpful'), '👍'),
      thumb(entry, -1, t('notHelpful'), '👎'),
    );

  const render = (entry: Entry, row: HTMLElement) => {
    if (entry.sender === 'system') {
      row.className = 'notice system';
      row.textContent = entry.body;
      return;
    }
    row.className = `row ${entry.sender} ${entry.state}`;
    if (entry.state === 'streaming') row.setAttribute('aria-busy', 'true');
    else row.removeAttribute('aria-busy');
    const who =
      entry.sender === 'visitor'
        ? h('span', { class: 'sr' }, t('you'))
        : h('span', { class: 'who' }, entry.sender === 'agent' ? entry.agentName || t('support') : assistantName);
    const typing = h('span', { class: 'typing', 'aria-label': t('typing') }, h('i'), h('i'), h('i'));
    fill(
      row,
      who,
      // the team's and the AI's messages are Markdown (built as DOM, never as HTML); the visitor's are plain text
      entry.sender === 'visitor' || !entry.body
        ? h('div', { class: 'msg' }, entry.body || (entry.state === 'streaming' ? typing : ''))
        : h('div', { class: 'msg md' }, ...renderMarkdown(entry.body)),
      entry.sources.length > 0 && h('span', { class: 'sources' }, t('sources'), ...sourceLinks(entry.sources)),
      entry.sender === 'ai' && entry.id !== null && entry.state === 'sent' && thumbs(entry),
      entry.state === 'pending' && h('span', { class: 'sr' }, t('sending')),
      entry.state === 'failed' &&
        h(
          'div',
          { class: 'meta' },
          h('span', {}, entry.note ?? t('notSent')),
          entry.retryable && h('button', { type: 'button', class: 'link', onclick: () => handlers.retry(entry.key) }, t('retry')),
        ),
    );
  };

  let offer: HTMLElement | null = null;
  let csatBox: HTMLElement | null = null;

  // five radio-like buttons (aria-pressed), a comment and a send button: nothing is sent until
  // the visitor presses Send, so a mis-tap is easily changed
  const csatForm = () => {
    let chosen = 0;
    const scores = [1, 2, 3, 4, 5].map((n) =>
      h(
        'button',
        {
          type: 'button',
          class: 'score',
          'aria-pressed': 'false',
          'aria-label': t('csatScore', { n }),
          onclick: () => {
            chosen = n;
            for (const [i, b] of scores.entries()) b.setAttribute('aria-pressed', String(i + 1 === n));
            send.removeAttribute('aria-disabled');
          },
        },
        String(n),
      ),
    );
    const comment = h('textarea', { id: 'cw-csat-comment', rows: '2', maxlength: '1000' });
    const send = h(
      'button',
      {
        type: 'submit',
        class: 'primary',
        'aria-disabled': 'true',
      },
      t('csatSend'),
    );
    return h(
      'form',
      {
        class: 'csat',
        'aria-labelledby': 'cw-csat-q',
        onsubmit: (event) => {
          event.preventDefault();
          if (chosen > 0) handlers.rateConversation(chosen, comment.value.trim());
        },
      },
      h('p', { id: 'cw-csat-q' }, t('csatQuestion')),
      h('div', { class: 'scores', role: 'group', 'aria-labelledby': 'cw-csat-q' }, ...scores),
      h('label', { for: 'cw-csat-comment' }, t('csatComment')),
      comment,
      h('div', { class: 'actions' }, send),
    );
  };

  return {
    host,
    form,
    showForm,
    setOpen(open) {
      panel.hidden = !open;
      root.classList.toggle('open', open);
      launcher.setAttribute('aria-expanded', String(open));
      launcher.setAttribute('aria-label', open ? t('closeChat') : t('openChat'));
      setLauncherIcon(open);
      if (open) {
        log.scrollTop = log.scrollHeight;
        (form.isOpen ? (shadow.getElementById('cw-email') as HTMLElement) : textarea).focus();
      } else launcher.focus();
    },
    setAssistant(name) {
      assistantName = name;
      title.textContent = name;
      panel.setAttribute('aria-label', t('chatWith', { name }));
      greeting.replaceChildren(h('span', { class: 'who' }, name), h('div', { class: 'msg' }, greetingText));
      if (!greeting.parentNode) log.prepend(greeting);
    },
    setAgent(name) {
      subtitle.textContent = name ? t('agentJoined', { name }) : t('answerRightAway');
    },
    upsert(entry) {
      stickToBottom(() => {
        let row = rows.get(entry.key);
        if (!row) {
          row = h('div');
          rows.set(entry.key, row);
          log.append(row);
        }
        render(entry, row);
      });
    },
    remove(entry) {
      rows.get(entry.key)?.remove();
      rows.delete(entry.key);
    },
    clear(keep) {
      log.replaceChildren(greeting);
      for (const [key, row] of rows) {
        if (keep.some((e) => e.key === key)) log.append(row);
        else rows.delete(key);
      }
      offer = null;
      csatBox = null;
    },
    notice(text) {
      stickToBottom(() => log.append(h('p', { class: 'notice' }, text)));
    },
    offerHuman(show) {
      offer?.remove();
      offer = null;
      if (!show) return;
      offer = h(
        'div',
        { class: 'offer' },
        h('span', {}, t('offerPerson')),
        h('button', { type: 'button', class: 'primary', onclick: () => handlers.human() }, icons.person(), t('talkToHuman')),
      );
      stickToBottom(() => log.append(offer as HTMLElement));
    },
    status(kind, text) {
      stickToBottom(() => (statusBar.hidden = kind === null));
      statusBar.className = `status${kind === 'error' ? ' error' : ''}`;
      fill(
        statusBar,
        h('span', {}, text ?? (kind === 'connecting' ? t('connecting') : t('connectionLost'))),
        kind === 'error' && h('button', { type: 'button', class: 'link', onclick: () => handlers.reconnect() }, t('retry')),
      );
    },
    badge(count) {
      badge.hidden = count === 0;
      badge.textContent = count > 9 ? '9+' : String(count);
      launcher.setAttribute(
        'aria-label',
        count > 0 ? t('openChatUnread', { n: count }) : launcher.getAttribute('aria-expanded') === 'true' ? t('closeChat') : t('openChat'),
      );
    },
    ticket(text) {
      // once there is a ticket the visitor has left an email: offer the transcript by email
      fill(ticketBar, text ?? '', ' ', h('button', { type: 'button', class: 'link', onclick: () => handlers.transcript() }, t('emailTranscript')));
      stickToBottom(() => (ticketBar.hidden = !text));
    },
    away(text) {
      awayBar.textContent = text ?? '';
      stickToBottom(() => (awayBar.hidden = !text));
    },
    composerError(text) {
      composerErr.hidden = !text;
      composerErr.textContent = text ?? '';
    },
    clearComposer() {
      textarea.value = '';
      grow();
    },
    csat(due) {
      if (!due) {
        csatBox?.remove();
        csatBox = null;
        return;
      }
      if (csatBox) return;
      csatBox = csatForm();
      stickToBottom(() => log.append(csatBox as HTMLElement));
    },
    typing(name) {
      stickToBottom(() => {
        typingLine.hidden = name === null;
        typingLine.textContent = name === null ? '' : t('isTyping', { name });
      });
    },
  };
}
