/**
 * The one error the image layer throws for a file it cannot read. The message names the file and
 * says what is wrong in plain words, because it is shown as is to the person who dropped the file.
 */
export class ImageDecodeError extends Error {
  readonly fileName: string;
  readonly reason: string;

  constructor(fileName: string, reason: string) {
    super(`${fileName}: ${reason}`);
    this.name = 'ImageDecodeError';
    this.fileName = fileName;
    this.reason = reason;
  }
}

/** 2133750 → "2,133,750": byte counts in messages are read by people. */
export function groupDigits(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A decoder library's own error text, trimmed, kept after our words for whoever debugs the file. */
export function libraryDetail(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message.replace(/[:.\s]+$/, '')}${cause}`;
}
