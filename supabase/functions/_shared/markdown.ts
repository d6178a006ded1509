// Markdown in outbound channels (issue 17). Agents and the assistant write Markdown; email renders
// it as HTML, Facebook Messenger and Zalo (plain text only) as readable text. One parser for every
// channel: the widget's (widget/src/markdown.ts, the same subset and the same safety rules as the
// dashboard's SafeMarkdown), copied here because the functions cannot import the widget's bundle;
// tests/unit/outbound-markdown.test.ts fails if the two trees ever differ.
//
// HTML: nothing the author writes becomes markup (every text is escaped), and a link is kept only
// when its target is http(s) or mailto, opening a new tab with rel="noopener nofollow". Text:
// emphasis markers dropped, list items as "- " (numbered ones keep their number), links as
// "text (url)", code unfenced.

export type MdTag = 'p' | 'ul' | 'ol' | 'li' | 'pre' | 'code' | 'strong' | 'em' | 'del' | 'a';
export type MdNode = string | { tag: MdTag; href?: string; children: MdNode[] };

/** how deep emphasis may nest: hostile input cannot make the parser recurse without end */
const MAX_DEPTH = 4;

/** the link target, or null when it is not an absolute http(s) or mailto URL */
export function safeHref(raw: string): string | null {
  const text = raw.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

// one alternative per inline form, tried at each position; the earliest match wins
const INLINE =
  /`([^`\n]+)`|\*\*(?=\S)([^\n]*?\S)\*\*|__(?=\S)([^\n]*?\S)__|~~(?=\S)([^\n]*?\S)~~|\*(?=[^\s*])([^*\n]*?[^\s*])\*|\[([^\]\n]+)\]\(([^()\s]+)\)|((?:https?:\/\/|www\.)[^\s<>]+)/;

/** a bare URL ends before the sentence's closing punctuation (and an unbalanced parenthesis) */
function trimUrl(url: string): [string, string] {
  let end = url.length;
  while (end > 0 && /[.,;:!?'"*_~]/.test(url[end - 1]!)) end--;
  if (url[end - 1] === ')' && (url.slice(0, end).match(/\(/g)?.length ?? 0) < (url.slice(0, end).match(/\)/g)?.length ?? 0)) end--;
  return [url.slice(0, end), url.slice(end)];
}

export function parseInline(text: string, depth = 0): MdNode[] {
  const out: MdNode[] = [];
  const push = (node: MdNode) => {
    const last = out[out.length - 1];
    if (typeof node === 'string' && typeof last === 'string') out[out.length - 1] = last + node;
    else if (node !== '') out.push(node);
  };
  let rest = text;
  while (rest) {
    const m = depth < MAX_DEPTH ? INLINE.exec(rest) : null;
    if (!m) {
      push(rest);
      break;
    }
    push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
    const [, code, b1, b2, del, em, label, target, bare] = m;
    if (code !== undefined) push({ tag: 'code', children: [code] });
    else if (b1 !== undefined || b2 !== undefined) push({ tag: 'strong', children: parseInline((b1 ?? b2)!, depth + 1) });
    else if (del !== undefined) push({ tag: 'del', children: parseInline(del, depth + 1) });
    else if (em !== undefined) push({ tag: 'em', children: parseInline(em, depth + 1) });
    else if (label !== undefined) {
      const href = safeHref(target!);
      const children = parseInline(label, MAX_DEPTH);
      if (href) push({ tag: 'a', href, children });
      else children.forEach(push);
    } else {
      const [url, tail] = trimUrl(bare!);
      const href = safeHref(url.startsWith('www.') ? `https://${url}` : url);
      push(href ? { tag: 'a', href, children: [url] } : url);
      rest = tail + rest;
    }
  }
  return out;
}

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBER = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}```/;

/** blocks: fenced code, bullet lists, numbered lists, and paragraphs (their line breaks kept) */
export function parseMarkdown(source: string): MdNode[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MdNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const body: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i]!); i++) body.push(lines[i]!);
      i++;
      blocks.push({ tag: 'pre', children: [{ tag: 'code', children: [body.join('\n')] }] });
      continue;
    }
    const list = BULLET.test(line) ? BULLET : NUMBER.test(line) ? NUMBER : null;
    if (list) {
      const items: MdNode[] = [];
      for (; i < lines.length && list.test(lines[i]!); i++) items.push({ tag: 'li', children: parseInline(list.exec(lines[i]!)![1]!) });
      blocks.push({ tag: list === BULLET ? 'ul' : 'ol', children: items });
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i]!.trim() && !FENCE.test(lines[i]!) && !BULLET.test(lines[i]!) && !NUMBER.test(lines[i]!); i++) {
      para.push(lines[i]!.replace(/^\s{0,3}#{1,6}\s+/, ''));
    }
    blocks.push({ tag: 'p', children: parseInline(para.join('\n')) });
  }
  return blocks;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function nodeHtml(node: MdNode): string {
  if (typeof node === 'string') return escapeHtml(node).replaceAll('\n', '<br>');
  const inner = node.tag === 'pre' ? node.children.map(codeText).map(escapeHtml).join('') : node.children.map(nodeHtml).join('');
  if (node.tag === 'pre') return `<pre><code>${inner}</code></pre>`;
  if (node.tag === 'a') return `<a href="${escapeHtml(node.href!)}" target="_blank" rel="noopener nofollow">${inner}</a>`;
  return `<${node.tag}>${inner}</${node.tag}>`;
}

function codeText(node: MdNode): string {
  return typeof node === 'string' ? node : node.children.map(codeText).join('');
}

/** Safe HTML for an email: known tags only, escaped text, safe links. */
export function markdownToHtml(source: string): string {
  return parseMarkdown(source).map(nodeHtml).join('');
}

function inlineText(node: MdNode): string {
  if (typeof node === 'string') return node;
  const inner = node.children.map(inlineText).join('');
  if (node.tag !== 'a') return inner;
  const href = node.href!;
  const shown = href.startsWith('mailto:') ? href.slice('mailto:'.length) : href;
  // a bare URL is its own text; a labelled link shows both
  return inner === shown || inner === href || `https://${inner}` === href || `${inner}/` === href ? inner : `${inner} (${shown})`;
}

function blockText(node: MdNode): string {
  if (typeof node === 'string') return node;
  if (node.tag === 'pre') return codeText(node);
  if (node.tag === 'ul') return node.children.map((li) => `- ${inlineText(li)}`).join('\n');
  if (node.tag === 'ol') return node.children.map((li, i) => `${i + 1}. ${inlineText(li)}`).join('\n');
  return inlineText(node);
}

/** Readable plain text for channels without formatting (Messenger, Zalo) and email previews. */
export function markdownToText(source: string): string {
  return parseMarkdown(source).map(blockText).join('\n\n');
}
