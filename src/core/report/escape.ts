/**
 * HTML escaping for the report. Every string that a user or a file name could have supplied goes
 * through one of these before it lands in the report, so a hostile name prints as text, never runs.
 */
const TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text content of an element. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => TEXT[c]!);
}

/** A double-quoted attribute value; backticks too, which very old parsers took for quotes. */
export function escapeAttr(s: unknown): string {
  return escapeHtml(s).replace(/`/g, '&#96;');
}
