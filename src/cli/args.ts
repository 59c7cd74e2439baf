/**
 * A small, strict argument parser for the CLI: `--name value`, `--name=value`, `--flag`, and
 * positionals. Given the command's value options, it refuses any other `--name` and a value option
 * without its value, naming the option, so a typo (`--methd`) never passes silently.
 */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

/** A mistake in the command line (exit code 2), as opposed to a problem with the data. */
export class UsageError extends Error {}

/**
 * `flags` take no value. With `values` (the options that take one) the parse is strict: an option
 * in neither list, a value option with nothing after it, or `--flag=value` throws a UsageError.
 * Without `values` any `--name` is accepted (scripts), and one with no value after it reads as true.
 */
export function parseArgs(args: string[], flags: readonly string[] = [], values?: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const strict = values !== undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (strict && !flags.includes(name) && !values.includes(name)) throw new UsageError(unknownOption(name, flags, values));
      if (eq > 0) {
        if (strict && flags.includes(name)) throw new UsageError(`--${name} takes no value (got "${a.slice(eq + 1)}")`);
        options.set(name, a.slice(eq + 1));
      } else if (flags.includes(name)) options.set(name, true);
      else if (i + 1 >= args.length || args[i + 1]!.startsWith('--')) {
        if (strict) throw new UsageError(`--${name} needs a value`);
        options.set(name, true);
      } else options.set(name, args[++i]!);
    } else positional.push(a);
  }
  return { positional, options };
}

function unknownOption(name: string, flags: readonly string[], values: readonly string[]): string {
  const known = [...values, ...flags];
  const distance = (k: string) => (k.startsWith(name) ? 0 : editDistance(k, name));
  const close = known.filter((k) => distance(k) <= 2).sort((a, b) => distance(a) - distance(b));
  const hint = close.length ? ` (did you mean --${close[0]}?)` : '';
  return `unknown option --${name}${hint}; this command takes ${known.length ? known.map((k) => `--${k}`).join(', ') : 'no options'}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export function stringOption(p: ParsedArgs, name: string): string | undefined {
  const v = p.options.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function numberOption(p: ParsedArgs, name: string, fallback: number): number {
  const v = stringOption(p, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || v.trim() === '') throw new UsageError(`--${name} must be a number, got "${v}"`);
  return n;
}
