/**
 * Reading clone, time point and field of view from image file paths (shared/DESIGN.md §3).
 *
 * A pattern such as `{clone}_t{time}h_f{fov}` is literal text with three tokens, `*` for "anything
 * within this folder or file name" and `/` between folder levels. It is matched against the END of
 * the file's relative path, so the folders above the ones the pattern names do not matter:
 * `{clone}/{time}/{fov}` reads `plate1/clone07/t030/f12.tif`. Case is ignored. The extension may be
 * written as `.{ext}`, as a literal (`.tif`), or left out; it must be an image type in any case.
 * Every failure comes with a reason a user can act on, because unread files must be listed, never
 * silently dropped.
 */
import { normaliseCloneId } from './cloneId';

export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'tif', 'tiff'];

export type ParsedName =
  | {
      ok: true;
      clone: string;
      timeH: number;
      fov: number;
      /** lower case, without the dot */ ext: string;
    }
  | { ok: false; reason: string };

export interface ParseOptions {
  /** Clone of every file, for patterns without `{clone}` (a single well filmed alone). */
  defaultClone?: string;
  /** FOV of every file, for patterns without `{fov}`; 1 when not given. */
  defaultFov?: number;
  /** Hours per unit of the number read from `{time}` (e.g. 0.5 for frames taken every 30 min); 1 by default. */
  timeScaleH?: number;
}

export interface PatternPreset {
  id: string;
  label: string;
  pattern: string;
  /** A file path this preset reads. */
  example: string;
  /** What the preset expects, in words, for the preset picker. */
  description: string;
  /** True when the user must give the clone (and possibly FOV and frame interval) separately. */
  needsDefaults?: boolean;
}

/** Ordered from most to least specific: when two presets read the same number of files, the first wins. */
export const PATTERN_PRESETS: readonly PatternPreset[] = [
  {
    id: 'demo',
    label: 'Workbench demo (clone07_t030h_f12.png)',
    pattern: '{clone}_t{time}h_f{fov}',
    example: 'clone07_t030h_f12.png',
    description:
      'One file per image: clone id, "t" + hours after seeding + "h", "f" + field number. The demo experiment uses it.',
  },
  {
    id: 'folders',
    label: 'Folders: clone / time / field',
    pattern: '{clone}/{time}/{fov}',
    example: 'clone07/t030/f12.tif',
    description:
      'A folder per clone holding a folder per time point (t030, 30h or 030) holding one file per field (f12 or 12).',
  },
  {
    id: 'incucyte',
    label: 'Incucyte-like (VID123_A1_1_00d06h00m.tif)',
    pattern: '*_{clone}_{fov}_{time}',
    example: 'VID123_A1_1_00d06h00m.tif',
    description:
      'Incucyte export names: any prefix (vessel), the well as clone, the image number as field, and the elapsed time as days/hours/minutes (00d06h00m = 6 h, 01d12h30m = 36.5 h).',
  },
  {
    id: 'biostation',
    label: 'Nikon BioStation-like: well folder / ..._time_position',
    pattern: '{clone}/*_{time}_{fov}',
    example: 'A01/Ph_006h_P03.tif',
    description:
      'A folder per well; in it, file names ending with the elapsed hours and the stage position (P03). Real BioStation exports vary: edit the pattern to the names you have.',
  },
  {
    id: 'timelapse',
    label: 'Time-lapse frames of one field (t01.tif)',
    pattern: 't{time}',
    example: 't01.tif',
    description:
      'Numbered frames of a single clone and field. Give the clone, the field and the hours between frames; the frame number times that interval is the time point.',
    needsDefaults: true,
  },
];

type TokenName = 'clone' | 'time' | 'fov';
type Element =
  { kind: 'literal'; text: string } | { kind: 'star' } | { kind: 'token'; name: TokenName };

interface CompiledPattern {
  source: string;
  elements: Element[];
  /** Path levels (folders + file) the pattern covers. */
  levels: number;
  /** Extension written literally in the pattern (`.tif`), if any. */
  requiredExt: string | null;
  full: RegExp;
  group: Partial<Record<TokenName, number>>;
}

const TOKEN_NAMES: readonly TokenName[] = ['clone', 'time', 'fov'];

/** What each token may look like. No token can contain `/` or `_`, which keeps splits unambiguous. */
const TOKEN_REGEX: Record<TokenName, string> = {
  clone: '[a-z0-9-]+',
  time: '\\d+d\\d+h(?:\\d+m)?|\\d+h\\d+m|t?\\d+(?:\\.\\d+)?h?',
  fov: '(?:fov|xy|f|s|p)?\\d+',
};

const TOKEN_HINT: Record<TokenName, string> = {
  clone: 'a clone id like clone07 or A1',
  time: 'something like t030h',
  fov: 'something like f12',
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function elementsToRegex(elements: readonly Element[]): string {
  return elements
    .map((el) => {
      if (el.kind === 'literal') return escapeRegex(el.text);
      // Lazy, so that a star right before a token leaves the token its whole number.
      if (el.kind === 'star') return '[^/]*?';
      return `(${TOKEN_REGEX[el.name]})`;
    })
    .join('');
}

function sameExtension(a: string, b: string): boolean {
  const canonical = (e: string) =>
    ({ jpeg: 'jpg', tiff: 'tif' })[e.toLowerCase()] ?? e.toLowerCase();
  return canonical(a) === canonical(b);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

const compiledCache = new Map<string, CompiledPattern | string>();

/** Compiles a pattern, or returns the reason it is invalid. Cached: it runs once per dropped file. */
function compilePattern(pattern: string): CompiledPattern | string {
  const cached = compiledCache.get(pattern);
  if (cached !== undefined) return cached;
  const result = compileUncached(pattern);
  if (compiledCache.size > 100) compiledCache.clear();
  compiledCache.set(pattern, result);
  return result;
}

function compileUncached(pattern: string): CompiledPattern | string {
  let body = pattern.trim().replace(/\\/g, '/');
  if (body === '') return 'the pattern is empty: write something like {clone}_t{time}h_f{fov}';

  let requiredExt: string | null = null;
  const extToken = /\.\{\s*ext\s*\}$/i;
  const literalExt = /\.(png|jpe?g|tiff?)$/i.exec(body);
  if (extToken.test(body)) body = body.replace(extToken, '');
  else if (literalExt) {
    requiredExt = literalExt[1]!.toLowerCase();
    body = body.slice(0, literalExt.index);
  }

  const elements: Element[] = [];
  const pushLiteral = (ch: string) => {
    const last = elements[elements.length - 1];
    if (last?.kind === 'literal') last.text += ch;
    else elements.push({ kind: 'literal', text: ch });
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '}') return `unbalanced braces: '}' at position ${i + 1} has no '{' before it`;
    if (ch === '*') {
      if (elements[elements.length - 1]?.kind !== 'star') elements.push({ kind: 'star' });
      continue;
    }
    if (ch !== '{') {
      pushLiteral(ch);
      continue;
    }
    const close = body.indexOf('}', i + 1);
    const nextOpen = body.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close))
      return `unbalanced braces: '{' at position ${i + 1} is not closed by '}'`;
    const name = body
      .slice(i + 1, close)
      .trim()
      .toLowerCase();
    if (name === 'ext') return '{ext} can only end the pattern, after a dot: .{ext}';
    if (!(TOKEN_NAMES as readonly string[]).includes(name)) {
      const nearest = [...TOKEN_NAMES].sort(
        (a, b) => editDistance(name, a) - editDistance(name, b),
      )[0]!;
      const hint = editDistance(name, nearest) <= 2 ? ` (did you mean {${nearest}}?)` : '';
      return `unknown token {${body.slice(i + 1, close)}}${hint}: use {clone}, {time}, {fov} or .{ext}`;
    }
    const token = name as TokenName;
    if (elements.some((el) => el.kind === 'token' && el.name === token))
      return `{${token}} appears more than once`;
    const previous = elements[elements.length - 1];
    if (previous?.kind === 'token')
      return `{${previous.name}} and {${token}} have nothing between them, so where one ends is unclear: put the separator (like _) between them`;
    elements.push({ kind: 'token', name: token });
    i = close;
  }

  if (!elements.some((el) => el.kind === 'token' && el.name === 'time'))
    return 'the pattern has no {time}: put {time} where the time point is written, e.g. {clone}_t{time}h_f{fov}';
  const segments = body.split('/');
  if (segments.some((s) => s === ''))
    return 'the pattern has an empty folder level (a leading, trailing or doubled /)';

  const group: Partial<Record<TokenName, number>> = {};
  let groupIndex = 0;
  for (const el of elements) if (el.kind === 'token') group[el.name] = ++groupIndex;
  return {
    source: pattern,
    elements,
    levels: segments.length,
    requiredExt,
    full: new RegExp(`^${elementsToRegex(elements)}$`, 'i'),
    group,
  };
}

/** The reason a pattern cannot be used, or null when it is fine. */
export function validatePattern(pattern: string): string | null {
  const compiled = compilePattern(pattern);
  return typeof compiled === 'string' ? compiled : null;
}

/**
 * Hours from a `{time}` text: `030h`, `30h`, `t030`, `T006`, `6`, `7.5h`, or days/hours/minutes
 * (`00d06h00m` = 6, `01d12h30m` = 36.5, `06h30m` = 6.5). NaN when the text is none of these.
 */
export function parseTimeText(text: string): number {
  const dhm = /^(\d+)d(\d+)h(?:(\d+)m)?$/i.exec(text);
  if (dhm) return Number(dhm[1]) * 24 + Number(dhm[2]) + Number(dhm[3] ?? 0) / 60;
  const hm = /^(\d+)h(\d+)m$/i.exec(text);
  if (hm) return Number(hm[1]) + Number(hm[2]) / 60;
  const plain = /^t?(\d+(?:\.\d+)?)h?$/i.exec(text);
  return plain ? Number.parseFloat(plain[1]!) : Number.NaN;
}

/** Field number from a `{fov}` text: `f12`, `12`, `fov012`, `F1`, `s3`, `xy01`, `P03`. NaN otherwise. */
export function parseFovText(text: string): number {
  const m = /^(?:fov|xy|f|s|p)?(\d+)$/i.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : Number.NaN;
}

function quote(text: string, max = 24): string {
  return `'${text.length > max ? `${text.slice(0, max)}…` : text}'`;
}

/** Quotes the end of a long text: the part next to the problem. */
function quoteTail(text: string, max = 24): string {
  return `'${text.length > max ? `…${text.slice(-max)}` : text}'`;
}

/** Walks the pattern element by element to say where a name stops fitting it. */
function explainMismatch(compiled: CompiledPattern, text: string): string {
  let matched = '';
  for (let k = 1; k <= compiled.elements.length; k++) {
    let el = compiled.elements[k - 1]!;
    const m = new RegExp(`^${elementsToRegex(compiled.elements.slice(0, k))}`, 'i').exec(text);
    if (!m) {
      if (el.kind === 'literal') {
        // Say which part of the literal is missing: 'f' after 'clone07_t030h_', not 'h_f' after 'clone07_t030h'.
        const before = elementsToRegex(compiled.elements.slice(0, k - 1));
        for (let j = el.text.length - 1; j > 0; j--) {
          const partial = new RegExp(`^${before}${escapeRegex(el.text.slice(0, j))}`, 'i').exec(
            text,
          );
          if (partial) {
            matched = partial[0];
            el = { kind: 'literal', text: el.text.slice(j) };
            break;
          }
        }
      }
      const rest = text.slice(matched.length);
      const where = matched ? `after ${quoteTail(matched)}` : `at the start of ${quote(text)}`;
      if (el.kind === 'token')
        return `no {${el.name}} found: expected ${TOKEN_HINT[el.name]} ${where}${rest ? `, found ${quote(rest)}` : ''}`;
      const found = rest ? `found ${quote(rest)}` : 'the name ends there';
      const next = compiled.elements[k];
      if (el.kind === 'literal' && next?.kind === 'token')
        return `no {${next.name}} found: expected ${quote(el.text)} and ${TOKEN_HINT[next.name]} ${where}, but ${found}`;
      if (el.kind === 'literal') return `expected ${quote(el.text)} ${where} but ${found}`;
      break; // a star always matches
    }
    matched = m[0];
  }
  return `unexpected ${quote(text.slice(matched.length))} at the end of ${quote(text, 60)} (pattern ${compiled.source})`;
}

/** Reads clone, time (hours) and FOV from a file's relative path, or says why it cannot. */
export function parseFileName(
  path: string,
  pattern: string,
  options: ParseOptions = {},
): ParsedName {
  const fail = (reason: string): ParsedName => ({ ok: false, reason });
  const compiled = compilePattern(pattern);
  if (typeof compiled === 'string') return fail(`the pattern cannot be used: ${compiled}`);

  const normalised = path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.?\/)+/, '');
  const fileName = normalised.slice(normalised.lastIndexOf('/') + 1);
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0)
    return fail(`${quote(fileName, 60)} has no extension; expected an image (png, jpg, tif)`);
  const ext = fileName.slice(dot + 1).toLowerCase();
  if (!IMAGE_EXTENSIONS.includes(ext))
    return fail(`extension .${ext} is not an image (png, jpg, tif)`);
  if (compiled.requiredExt !== null && !sameExtension(ext, compiled.requiredExt))
    return fail(`extension .${ext} is not the pattern's .${compiled.requiredExt}`);

  const stem = normalised.slice(0, normalised.length - ext.length - 1);
  const segments = stem.split('/');
  if (segments.length < compiled.levels)
    return fail(
      `the pattern expects ${compiled.levels} path levels (${compiled.levels - 1} folder(s) and the file) but ${quote(normalised, 60)} has ${segments.length}`,
    );
  const text = segments.slice(-compiled.levels).join('/');
  const m = compiled.full.exec(text);
  if (!m) return fail(explainMismatch(compiled, text));
  const captured = (name: TokenName): string | undefined => {
    const index = compiled.group[name];
    return index === undefined ? undefined : m[index];
  };

  const cloneText = captured('clone') ?? options.defaultClone;
  if (cloneText === undefined || cloneText.trim() === '')
    return fail('the pattern has no {clone}: give the clone these files belong to');
  const fovText = captured('fov');
  const fov = fovText === undefined ? (options.defaultFov ?? 1) : parseFovText(fovText);
  const hours = parseTimeText(captured('time')!) * (options.timeScaleH ?? 1);
  if (!Number.isFinite(hours) || !Number.isFinite(fov))
    return fail(`could not read a number from ${quote(text, 60)}`);
  // Rounding keeps 0.1 + 0.2-style noise out of the image keys built from timeH.
  const timeH = Math.round(hours * 1e6) / 1e6;
  return { ok: true, clone: normaliseCloneId(cloneText), timeH, fov, ext };
}

export interface ParsedFile {
  path: string;
  parsed: ParsedName;
}

/** Parses every path with one pattern, keeping the path beside its result for the live table. */
export function parseFileNames(
  paths: readonly string[],
  pattern: string,
  options?: ParseOptions,
): ParsedFile[] {
  return paths.map((path) => ({
    path,
    parsed: parseFileName(path, pattern, options),
  }));
}

/** The preset that reads the most files (ties go to the earlier preset), or null when none reads any. */
export function detectPattern(
  paths: readonly string[],
): { presetId: string; matched: number } | null {
  let best: { presetId: string; matched: number } | null = null;
  for (const preset of PATTERN_PRESETS) {
    // Placeholder defaults let presets without {clone} compete on the shape of the names alone.
    const options: ParseOptions = preset.needsDefaults
      ? { defaultClone: 'clone01', defaultFov: 1 }
      : {};
    const matched = paths.filter((p) => parseFileName(p, preset.pattern, options).ok).length;
    if (matched > 0 && (best === null || matched > best.matched))
      best = { presetId: preset.id, matched };
  }
  return best;
}

export interface NameCollision {
  clone: string;
  timeH: number;
  fov: number;
  /** All paths that were read as this clone, time and FOV, in input order. */
  paths: string[];
}

/** Images that would land on the same clone/time/FOV: the pattern is probably missing a distinction. */
export function findCollisions(files: readonly ParsedFile[]): NameCollision[] {
  const byAddress = new Map<string, NameCollision>();
  for (const { path, parsed } of files) {
    if (!parsed.ok) continue;
    const key = `${parsed.clone}|${parsed.timeH}|${parsed.fov}`;
    const entry = byAddress.get(key);
    if (entry) entry.paths.push(path);
    else
      byAddress.set(key, {
        clone: parsed.clone,
        timeH: parsed.timeH,
        fov: parsed.fov,
        paths: [path],
      });
  }
  return [...byAddress.values()].filter((c) => c.paths.length > 1);
}
