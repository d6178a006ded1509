import { h } from './dom';

// The widget's Markdown: the small subset agents and the AI write (paragraphs, bullet and numbered
// lists, fenced code, **bold** (or __bold__), *italic* (single underscores stay literal: snake_case), ~~struck~~, `code`, [links](https://…) and bare URLs),
// parsed into a tree of a few known tags and built with createElement and text nodes. Nothing
// the author writes ever becomes markup: HTML stays visible text, and a link is kept only when
// its target is http(s) or mailto (javascript:, data: and relative targets render as plain text).
// react-markdown would cost more than the widget's whole budget; this costs about 1 KB.

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

/** the tree as DOM: known tags only, text as text nodes, links opening a new tab with no opener */
export function toDom(node: MdNode): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const attrs = node.tag === 'a' ? { href: node.href, target: '_blank', rel: 'noopener nofollow' } : {};
  return h(node.tag, attrs, ...node.children.map(toDom));
}

export function renderMarkdown(source: string): Node[] {
  return parseMarkdown(source).map(toDom);
}
