/**
 * Clone ids as the app stores them. File names and potency tables name the same well in different
 * ways (`7`, `07`, `clone07`, `Clone7`); one rule turns them into one id.
 */

/**
 * The stored id of a clone: the text as written, trimmed; a bare number becomes `clone` + the
 * number padded to two digits (`7` → `clone07`, `123` → `clone123`) so that ids sort naturally.
 */
export function normaliseCloneId(text: string): string {
  const t = text.trim();
  if (/^\d+$/.test(t)) return `clone${String(Number.parseInt(t, 10)).padStart(2, '0')}`;
  return t;
}

/**
 * A looser key for matching ids written by hand against ids read from files: case is ignored and
 * leading zeros in numbers are dropped, so `Clone7`, `clone07` and `7` all meet.
 */
export function cloneMatchKey(text: string): string {
  return normaliseCloneId(text)
    .toLowerCase()
    .replace(/\d+/g, (digits) => String(Number.parseInt(digits, 10)));
}
