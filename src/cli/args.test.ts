/** The CLI's argument parser: strict commands name an unknown option or a missing value. */
import { describe, expect, it } from 'vitest';
import { numberOption, parseArgs, stringOption, UsageError } from './args';
import { run as profile } from './commands/profile';

describe('parseArgs', () => {
  it('reads values, --name=value, flags and positionals', () => {
    const p = parseArgs(['a.png', '--out', 'd', '--seed=-3', '--all', 'b.png'], ['all'], ['out', 'seed']);
    expect(p.positional).toEqual(['a.png', 'b.png']);
    expect(stringOption(p, 'out')).toBe('d');
    expect(numberOption(p, 'seed', 1)).toBe(-3);
    expect(p.options.get('all')).toBe(true);
  });

  it('refuses an unknown option, naming it and the closest known one', () => {
    expect(() => parseArgs(['x.png', '--methd', 'learned'], [], ['out', 'method'])).toThrow(UsageError);
    expect(() => parseArgs(['x.png', '--methd', 'learned'], [], ['out', 'method'])).toThrow(
      'unknown option --methd (did you mean --method?); this command takes --out, --method',
    );
  });

  it('refuses a value option without its value, at the end or before another option', () => {
    expect(() => parseArgs(['x.png', '--out'], [], ['out'])).toThrow('--out needs a value');
    expect(() => parseArgs(['--out', '--method', 'learned'], [], ['out', 'method'])).toThrow('--out needs a value');
    expect(() => parseArgs(['--all=1'], ['all'], [])).toThrow('--all takes no value');
  });

  it('without a list of value options stays lenient (scripts)', () => {
    const p = parseArgs(['--anything', '--quick'], ['quick']);
    expect(p.options.get('anything')).toBe(true);
  });

  it('numberOption refuses text', () => {
    expect(() => numberOption(parseArgs(['--n', 'ten'], [], ['n']), 'n', 1)).toThrow('--n must be a number, got "ten"');
  });
});

describe('commands refuse a mistyped option before doing any work', () => {
  it('profile --window names --window', async () => {
    await expect(profile(['out', '--window', '30'])).rejects.toThrow(/unknown option --window \(did you mean --window-end\?\)/);
  });
});
