/**
 * A ticket reference as a dashboard URL carries it (/dashboard/<org>/tickets/ACM-042): the
 * organization's ticket prefix (2 to 5 letters), a dash and the number (1 to 9 digits), in any
 * case. proxy.ts answers 404 for anything else before a page renders; the ticket page checks too.
 */
export const TICKET_REF = /^[A-Za-z]{2,5}-\d{1,9}$/;
