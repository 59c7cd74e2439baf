/**
 * Reading clone, well, time point, field of view, channel and z plane from image file paths
 * (shared/DESIGN.md §3, docs/import.md).
 *
 * A pattern such as `{clone}_t{time}h_f{fov}` is literal text with tokens, `*` for "anything
 * within this folder or file name" and `/` between folder levels. Tokens: {clone}, {well}, {plate},
 * {channel}, {z}, {fov}; time as {time} (elapsed hours), {frame} / {frame0} (a 1- or 0-based index
 * times the interval) or {datetime} / {yymm}/{dd}/{hhmm} (wall-clock). A token may carry its own
 * regular expression after a colon, `w{channel:\d+}`, when the default would take too much. It is matched against the END of
 * the file's relative path, so the folders above the ones the pattern names do not matter:
 * `{clone}/{time}/{fov}` reads `plate1/clone07/t030/f12.tif`. Case is ignored. The extension may be
 * written as `.{ext}`, as a literal (`.tif`), or left out; it must be an image type in any case.
 * Every failure comes with a reason a user can act on, because unread files must be listed, never
 * silently dropped.
 */
import { normaliseCloneId } from './cloneId';
import { DATETIME_REGEX, archiveClock, parseFrameText, parseTimeText, parseWallClock } from './timeText';
import { WELL_REGEX } from './wells';
import { PATTERN_PRESETS } from './presets';

export { parseTimeText } from './timeText';
export { PATTERN_PRESETS, type PatternPreset } from './presets';

export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'tif', 'tiff'];

export type ParsedName =
  | {
      ok: true;
      clone: string;
      timeH: number;
      fov: number;
      /** lower case, without the dot */ ext: string;
      well?: string;
      plate?: string;
      channel?: string;
      z?: number;
    }
  | { ok: false; reason: string };

export interface ParseOptions {
  /** Clone of every file, for patterns without `{clone}` (a single well filmed alone). */
  defaultClone?: string;
  /** FOV of every file, for patterns without `{fov}`; 1 when not given. */
  defaultFov?: number;
  /** Hours per unit of the number read from `{time}` (e.g. 0.5 for frames taken every 30 min); 1 by default. */
  timeScaleH?: number;
  /** Hours between time points, for {frame} and {frame0}. */
  intervalH?: number;
  /** Seeding time on the imager's clock (ms, naive), for wall-clock tokens. */
  seededAtMs?: number;
}

/** Everything a pattern read from one path, before wells, channels and times are resolved. */
export interface NameFields {
  ext: string;
  clone?: string;
  well?: string;
  plate?: string;
  channel?: string;
  z?: number;
  fov?: number;
  /** From {time}, already times `timeScaleH`. */
  elapsedH?: number;
  /** From {frame} (1-based) or {frame0} (0-based). */
  frame?: { index: number; base: 0 | 1 };
  /** Wall-clock ms on the naive clock, from {datetime} or {yymm}/{dd}/{hhmm}. */
  wallClockMs?: number;
}

export type NameMatch = { ok: true; fields: NameFields } | { ok: false; reason: string };

type TokenName =
  | 'clone'
  | 'well'
  | 'plate'
  | 'channel'
  | 'z'
  | 'fov'
  | 'time'
  | 'frame'
  | 'frame0'
  | 'datetime'
  | 'yymm'
  | 'dd'
  | 'hhmm';
type Element =
  | { kind: 'literal'; text: string }
  | { kind: 'star' }
  | { kind: 'token'; name: TokenName; regex?: string };

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

const TOKEN_NAMES: readonly TokenName[] = [
  'clone',
  'well',
  'plate',
  'channel',
  'z',
  'fov',
  'time',
  'frame',
  'frame0',
  'datetime',
  'yymm',
  'dd',
  'hhmm',
];
const TIME_TOKENS: readonly TokenName[] = ['time', 'frame', 'frame0', 'datetime', 'hhmm'];

/** The prefixes a field number may carry: f12, s3, site3, p03, xy01, fld2, fov012. */
const FOV_PREFIX = '(?:fov|fld|site|xy|f|s|p)';

/**
 * What each token may look like. Only {plate} and {datetime} can contain `_`; the others cannot
 * contain `/` or `_`, which keeps splits unambiguous.
 */
const TOKEN_REGEX: Record<TokenName, string> = {
  clone: '[a-z0-9-]+',
  well: WELL_REGEX,
  plate: '[^/]+?',
  channel: '[a-z0-9]+(?: [a-z0-9]+)*',
  z: 'z?\\d+',
  fov: `${FOV_PREFIX}?\\d+`,
  time: '\\d+d\\d+h(?:\\d+m)?|t?\\d+h\\d+m|t?\\d+(?:\\.\\d+)?h?',
  frame: 't?\\d+',
  frame0: 't?\\d+',
  datetime: DATETIME_REGEX,
  yymm: '\\d{4}',
  dd: '\\d{2}',
  hhmm: '\\d{4}',
};

const TOKEN_HINT: Record<TokenName, string> = {
  clone: 'a clone id like clone07 or A1',
  well: 'a well like A1, B03 or r02c03',
  plate: 'a plate name',
  channel: 'a channel like Phase or 1',
  z: 'a z plane number',
  time: 'something like t030h',
  frame: 'a time-point number like 0005',
  frame0: 'a time-point number like 0005',
  datetime: 'a date and time like 2023y01m05d_12h00m or 2023-01-05T12:00',
  yymm: 'a year and month folder like 2301',
  dd: 'a day folder like 05',
  hhmm: 'an hour and minute folder like 1200',
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
      return `(${el.regex ?? TOKEN_REGEX[el.name]})`;
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
  // Windows separators become '/', except inside a token's own expression ({channel:\\d+}).
  let body = pattern.trim().replace(/\{[^}]*\}|\\/g, (m) => (m === '\\' ? '/' : m));
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
    const inside = body.slice(i + 1, close);
    const colon = inside.indexOf(':');
    const name = (colon >= 0 ? inside.slice(0, colon) : inside).trim().toLowerCase();
    const custom = colon >= 0 ? inside.slice(colon + 1) : undefined;
    if (custom !== undefined) {
      if (custom.trim() === '') return `{${name}:} has an empty expression after the colon`;
      try {
        new RegExp(custom);
      } catch {
        return `{${inside}}: '${custom}' is not a regular expression`;
      }
      if (custom.includes('/')) return `{${inside}}: the expression may not match '/' (one token stays in one folder or name)`;
    }
    if (name === 'ext') return '{ext} can only end the pattern, after a dot: .{ext}';
    if (!(TOKEN_NAMES as readonly string[]).includes(name)) {
      const nearest = [...TOKEN_NAMES].sort(
        (a, b) => editDistance(name, a) - editDistance(name, b),
      )[0]!;
      const hint = editDistance(name, nearest) <= 2 ? ` (did you mean {${nearest}}?)` : '';
      return `unknown token {${inside}}${hint}: use ${TOKEN_NAMES.map((t) => `{${t}}`).join(', ')} or .{ext}`;
    }
    const token = name as TokenName;
    if (elements.some((el) => el.kind === 'token' && el.name === token))
      return `{${token}} appears more than once`;
    const previous = elements[elements.length - 1];
    if (previous?.kind === 'token')
      return `{${previous.name}} and {${token}} have nothing between them, so where one ends is unclear: put the separator (like _) between them`;
    // Groups inside a custom expression would shift the token groups: make them non-capturing.
    const regex = custom?.replace(/\\.|\((?!\?)/g, (m) => (m === '(' ? '(?:' : m));
    elements.push(regex === undefined ? { kind: 'token', name: token } : { kind: 'token', name: token, regex });
    i = close;
  }

  const has = (t: TokenName) => elements.some((el) => el.kind === 'token' && el.name === t);
  if (!TIME_TOKENS.some(has))
    return 'the pattern has no {time}: put {time} where the time point is written, e.g. {clone}_t{time}h_f{fov} (or {frame}, {datetime})';
  if (TIME_TOKENS.filter(has).length > 1)
    return `the pattern has more than one time token (${TIME_TOKENS.filter(has).map((t) => `{${t}}`).join(', ')}): keep one`;
  if (has('hhmm') && (!has('yymm') || !has('dd')))
    return '{hhmm} needs {yymm} and {dd} beside it (the Incucyte archive folders YYMM/DD/HHMM)';
  if ((has('yymm') || has('dd')) && !has('hhmm')) return '{yymm} and {dd} need {hhmm}: write {yymm}/{dd}/{hhmm}';
  if (has('clone') && has('well')) return 'use {clone} or {well}, not both';
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

/** Field number from a `{fov}` text: `f12`, `12`, `fov012`, `F1`, `s3`, `site3`, `xy01`, `P03`, `fld2`. NaN otherwise. */
const FOV_TEXT = new RegExp(`^${FOV_PREFIX}?(\\d+)$`, 'i');
export function parseFovText(text: string): number {
  const m = FOV_TEXT.exec(text);
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

/** The extension of an image path, or why the path is not an image. */
export function imageExtension(path: string): { ok: true; ext: string } | { ok: false; reason: string } {
  const normalised = normalisePath(path);
  const fileName = normalised.slice(normalised.lastIndexOf('/') + 1);
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return { ok: false, reason: `${quote(fileName, 60)} has no extension; expected an image (png, jpg, tif)` };
  const ext = fileName.slice(dot + 1).toLowerCase();
  if (!IMAGE_EXTENSIONS.includes(ext)) return { ok: false, reason: `extension .${ext} is not an image (png, jpg, tif)` };
  return { ok: true, ext };
}

/** `/` between levels, no leading `./`. */
export function normalisePath(path: string): string {
  if (!path.includes('\\') && path[0] !== '.' && path[0] !== '/' && path.trim() === path) return path;
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.?\/)+/, '');
}

/**
 * Whether a pattern's shape fits a path (extension, levels, the whole expression), without reading
 * the tokens or explaining a mismatch: the cheap test "auto" runs for every preset on every file.
 */
export function nameFits(path: string, pattern: string): boolean {
  const compiled = compilePattern(pattern);
  if (typeof compiled === 'string') return false;
  const normalised = normalisePath(path);
  const dot = normalised.lastIndexOf('.');
  const slash = normalised.lastIndexOf('/');
  if (dot <= slash + 1) return false;
  const ext = normalised.slice(dot + 1).toLowerCase();
  if (!IMAGE_EXTENSIONS.includes(ext)) return false;
  if (compiled.requiredExt !== null && !sameExtension(ext, compiled.requiredExt)) return false;
  const segments = normalised.slice(0, dot).split('/');
  if (segments.length < compiled.levels) return false;
  return compiled.full.test(segments.slice(-compiled.levels).join('/'));
}

/** Reads every token a pattern names from a file's relative path, or says why it cannot. */
export function matchName(path: string, pattern: string, timeScaleH = 1): NameMatch {
  const fail = (reason: string): NameMatch => ({ ok: false, reason });
  const compiled = compilePattern(pattern);
  if (typeof compiled === 'string') return fail(`the pattern cannot be used: ${compiled}`);
  const image = imageExtension(path);
  if (!image.ok) return image;
  const { ext } = image;
  if (compiled.requiredExt !== null && !sameExtension(ext, compiled.requiredExt))
    return fail(`extension .${ext} is not the pattern's .${compiled.requiredExt}`);

  const normalised = normalisePath(path);
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
  const bad = (what: string, value: string) => fail(`could not read ${what} from ${quote(value)} in ${quote(text, 60)}`);

  const fields: NameFields = { ext };
  const clone = captured('clone');
  if (clone !== undefined) fields.clone = clone;
  const well = captured('well');
  if (well !== undefined) fields.well = well;
  const plate = captured('plate');
  if (plate !== undefined) fields.plate = plate;
  const channel = captured('channel');
  if (channel !== undefined) fields.channel = channel.trim();
  const z = captured('z');
  if (z !== undefined) {
    fields.z = Number.parseInt(z.replace(/^z/i, ''), 10);
    if (!Number.isFinite(fields.z)) return bad('a z plane', z);
  }
  const fov = captured('fov');
  if (fov !== undefined) {
    fields.fov = parseFovText(fov);
    if (!Number.isFinite(fields.fov)) return bad('a field number', fov);
  }
  const time = captured('time');
  if (time !== undefined) {
    const hours = parseTimeText(time) * timeScaleH;
    if (!Number.isFinite(hours)) return bad('a time', time);
    fields.elapsedH = hours;
  }
  for (const [token, base] of [['frame', 1], ['frame0', 0]] as const) {
    const frame = captured(token);
    if (frame === undefined) continue;
    const index = parseFrameText(frame);
    if (!Number.isFinite(index)) return bad('a time-point number', frame);
    fields.frame = { index, base };
  }
  const datetime = captured('datetime');
  if (datetime !== undefined) {
    fields.wallClockMs = parseWallClock(datetime);
    if (!Number.isFinite(fields.wallClockMs)) return bad('a date and time', datetime);
  }
  const hhmm = captured('hhmm');
  if (hhmm !== undefined) {
    fields.wallClockMs = archiveClock(captured('yymm')!, captured('dd')!, hhmm);
    if (!Number.isFinite(fields.wallClockMs)) return bad('a date and time', `${captured('yymm')}/${captured('dd')}/${hhmm}`);
  }
  return { ok: true, fields };
}

/** Rounding keeps 0.1 + 0.2-style noise out of the image keys built from timeH. */
export function roundHours(hours: number): number {
  return Math.round(hours * 1e6) / 1e6;
}

/**
 * Hours after seeding from the fields' time, or why there is none: a frame needs the interval, a
 * wall-clock time needs the seeding time.
 */
export function fieldHours(fields: NameFields, options: Pick<ParseOptions, 'intervalH' | 'seededAtMs'>): number | string {
  if (fields.elapsedH !== undefined) return roundHours(fields.elapsedH);
  if (fields.frame) {
    const { index, base } = fields.frame;
    if (index < base) return `time-point number ${index} is below the first (${base})`;
    if (options.intervalH === undefined || !(options.intervalH > 0))
      return `time point ${index} is a number, not hours: give the hours between time points (interval)`;
    return roundHours((index - base) * options.intervalH);
  }
  if (fields.wallClockMs !== undefined) {
    if (options.seededAtMs === undefined) return 'the time is a date and time: give the seeding time';
    const hours = (fields.wallClockMs - options.seededAtMs) / 3.6e6;
    if (hours < 0) return `taken ${roundHours(-hours)} h before the seeding time`;
    return roundHours(hours);
  }
  return 'the name has no time';
}

/** Reads clone, time (hours) and FOV from a file's relative path, or says why it cannot. */
export function parseFileName(
  path: string,
  pattern: string,
  options: ParseOptions = {},
): ParsedName {
  const fail = (reason: string): ParsedName => ({ ok: false, reason });
  const matched = matchName(path, pattern, options.timeScaleH ?? 1);
  if (!matched.ok) return matched;
  const { fields } = matched;
  const cloneText = fields.clone ?? fields.well ?? options.defaultClone;
  if (cloneText === undefined || cloneText.trim() === '')
    return fail('the pattern has no {clone}: give the clone these files belong to');
  const fov = fields.fov ?? options.defaultFov ?? 1;
  const timeH = fieldHours(fields, options);
  if (typeof timeH === 'string') return fail(timeH);
  const extra = Object.fromEntries(
    (['well', 'plate', 'channel', 'z'] as const).filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]),
  );
  return { ok: true, clone: normaliseCloneId(cloneText), timeH, fov, ext: fields.ext, ...extra };
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

/**
 * The preset whose patterns read the most file names (ties go to the earlier preset), or null when
 * none reads any. Only the shape of the names counts here: presets that need a clone, an interval
 * or a seeding time still compete. docs/import.md; the folder reader (folder.ts) also weighs
 * metadata files such as BioStation's micro.csv.
 */
export function detectPattern(
  paths: readonly string[],
): { presetId: string; matched: number } | null {
  let best: { presetId: string; matched: number } | null = null;
  for (const preset of PATTERN_PRESETS) {
    if (preset.patterns.length === 0) continue;
    const matched = paths.filter((p) => preset.patterns.some((pattern) => nameFits(p, pattern))).length;
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
