/** The files waiting to be imported and the file-name pattern that reads them (live table). */
import { create } from 'zustand';
import { detectPattern, parseFileNames, PATTERN_PRESETS, type ParseOptions, type ParsedFile } from '../core/naming/pattern';
import type { PickedFile } from './pickedFile';

export const DEFAULT_IMPORT = {
  files: [] as PickedFile[],
  pattern: PATTERN_PRESETS[0]!.pattern,
  options: {} as ParseOptions,
};

interface ImportState {
  files: PickedFile[];
  pattern: string;
  options: ParseOptions;
  /** Adds files (a second drop adds to the first) and picks the preset that reads the most. */
  addFiles(files: PickedFile[]): void;
  setPattern(pattern: string): void;
  setOptions(patch: Partial<ParseOptions>): void;
  clear(): void;
}

export const useImport = create<ImportState>((set, get) => ({
  ...DEFAULT_IMPORT,
  addFiles: (files) => {
    // A path given twice (in one drop or two) is one file: listing it twice would make it collide
    // with itself, and the import would then skip both copies.
    const known = new Set(get().files.map((f) => f.path));
    const fresh = files.filter((f) => !known.has(f.path) && Boolean(known.add(f.path)));
    const all = [...get().files, ...fresh];
    const detected = detectPattern(all.map((f) => f.path));
    const current = parseFileNames(all.map((f) => f.path), get().pattern, get().options).filter((p) => p.parsed.ok).length;
    const preset = PATTERN_PRESETS.find((p) => p.id === detected?.presetId);
    set({ files: all, ...(preset && detected && detected.matched > current && !preset.needsDefaults ? { pattern: preset.pattern } : {}) });
  },
  setPattern: (pattern) => set({ pattern }),
  setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
  clear: () => set({ files: [] }),
}));

/** How each waiting file is read with the current pattern. */
export function parsedFiles(files: PickedFile[], pattern: string, options: ParseOptions): ParsedFile[] {
  return parseFileNames(files.map((f) => f.path), pattern, options);
}
