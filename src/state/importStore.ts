/**
 * The files waiting to be imported and how their names are read (the live import table): the
 * preset ("auto" by default: the one reading the most files) or a pattern of one's own, the naming
 * options (channel, z plane, seeding time, interval, defaults), and a plate map dropped with the
 * images or chosen separately. The reading itself is the core folder reader (core/naming/folder.ts),
 * the same the CLI's `names` and `analyze` use.
 */
import { create } from 'zustand';
import { decodeText } from '../core/naming/biostation';
import { readFolder, type FolderReading, type NamingOptions } from '../core/naming/folder';
import type { PlateMap } from '../core/naming/plateMap';
import type { PickedFile } from './pickedFile';

/** What the user sets in the import view; the preset and pattern are kept beside them. */
export type ImportOptions = Omit<NamingOptions, 'preset' | 'pattern' | 'plateMap'>;

export const DEFAULT_IMPORT = {
  files: [] as PickedFile[],
  /** Text of the tables dropped with the images (plate map, micro.csv), by path. */
  texts: {} as Record<string, string>,
  preset: 'auto',
  /** A pattern of one's own; '' while a preset is used. */
  pattern: '',
  options: {} as ImportOptions,
  plateMap: null as { name: string; map: PlateMap } | null,
};

const TABLE = /\.(csv|tsv|txt)$/i;
const MAX_TABLE_BYTES = 5_000_000;

interface ImportState {
  files: PickedFile[];
  texts: Record<string, string>;
  preset: string;
  pattern: string;
  options: ImportOptions;
  plateMap: { name: string; map: PlateMap } | null;
  /** Adds files (a second drop adds to the first); tables among them are read for the table. */
  addFiles(files: PickedFile[]): void;
  setPreset(id: string): void;
  /** A pattern of one's own (the preset becomes "custom"); '' goes back to auto. */
  setPattern(pattern: string): void;
  setOptions(patch: Partial<ImportOptions>): void;
  setPlateMap(plateMap: { name: string; map: PlateMap } | null): void;
  clear(): void;
}

export const useImport = create<ImportState>((set, get) => ({
  ...DEFAULT_IMPORT,
  addFiles: (files) => {
    // A path given twice (in one drop or two) is one file: listing it twice would make it collide
    // with itself, and the import would then skip both copies.
    const known = new Set(get().files.map((f) => f.path));
    const fresh = files.filter((f) => !known.has(f.path) && Boolean(known.add(f.path)));
    set({ files: [...get().files, ...fresh] });
    for (const f of fresh) {
      if (!TABLE.test(f.path) || f.file.size > MAX_TABLE_BYTES) continue;
      void f.file.arrayBuffer().then(
        (bytes) => {
          if (get().files.some((g) => g.path === f.path))
            set({ texts: { ...get().texts, [f.path]: decodeText(new Uint8Array(bytes)) } });
        },
        () => undefined, // an unreadable table stays listed as a file that is not an image
      );
    }
  },
  setPreset: (preset) => set({ preset, pattern: '' }),
  setPattern: (pattern) => set({ pattern, preset: pattern.trim() === '' ? 'auto' : 'custom' }),
  setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
  setPlateMap: (plateMap) => set({ plateMap }),
  clear: () => set({ files: [], texts: {} }),
}));

type ReadingInput = Pick<ImportState, 'files' | 'texts' | 'preset' | 'pattern' | 'options' | 'plateMap'>;

/** How the waiting files are read with the current choices. */
export function readImport(s: ReadingInput): FolderReading {
  const input = s.files.map((f) =>
    s.texts[f.path] === undefined ? { path: f.path } : { path: f.path, text: s.texts[f.path]! },
  );
  const options: NamingOptions = { ...s.options };
  if (s.preset === 'custom' && s.pattern.trim() !== '') options.pattern = s.pattern;
  else options.preset = s.preset === 'custom' ? 'auto' : s.preset;
  if (s.plateMap) options.plateMap = s.plateMap.map;
  return readFolder(input, options);
}
