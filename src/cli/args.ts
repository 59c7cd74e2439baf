/** A small, strict argument parser for the CLI: `--name value`, `--flag`, and positionals. */
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

export function parseArgs(args: string[], flags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) options.set(a.slice(2, eq), a.slice(eq + 1));
      else if (flags.includes(a.slice(2)) || i + 1 >= args.length || args[i + 1]!.startsWith('--'))
        options.set(a.slice(2), true);
      else options.set(a.slice(2), args[++i]!);
    } else positional.push(a);
  }
  return { positional, options };
}

export function stringOption(p: ParsedArgs, name: string): string | undefined {
  const v = p.options.get(name);
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
}

export function numberOption(p: ParsedArgs, name: string, fallback: number): number {
  const v = stringOption(p, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}
