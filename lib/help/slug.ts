/**
 * The anchor a Markdown heading gets, exactly as private.heading_anchor in Postgres makes it (the
 * retrieval cites sections by it): lower case, punctuation dropped, spaces to hyphens; a repeated
 * anchor gets -1, -2 … in document order.
 */
export function headingAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

export function anchorSequence() {
  const seen = new Map<string, number>();
  return (text: string) => {
    const base = headingAnchor(text);
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    return n === undefined ? base : `${base}-${n + 1}`;
  };
}
