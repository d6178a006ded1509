/**
 * Where a page of a list stands: the rows it shows (1-based, inclusive) and whether the page
 * number is past the last page (an old link, or a list that shrank): then the list says so and
 * links to the last page, instead of "No tickets yet" and "2451–34 of 34".
 */
export interface PageRange {
  first: number;
  last: number;
  pages: number;
  outOfRange: boolean;
}

export function pageRange(page: number, pageSize: number, total: number): PageRange {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const outOfRange = page > pages;
  if (total === 0 || outOfRange) return { first: 0, last: 0, pages, outOfRange };
  return { first: (page - 1) * pageSize + 1, last: Math.min(total, page * pageSize), pages, outOfRange };
}

/** The line under a list: "26–34 of 34 tickets", or what to do when the page is past the end. */
export function pageSummary(page: number, pageSize: number, total: number, label: string): string {
  const r = pageRange(page, pageSize, total);
  if (r.outOfRange) return `Page ${page} is past the last page (${r.pages}) of ${total} ${label}`;
  return `${r.first}–${r.last} of ${total} ${label}`;
}
