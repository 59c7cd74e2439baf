/**
 * Naming presets: the file layouts real imagers write (docs/import.md lists each with its example).
 * A preset is one or more patterns (the first that reads a name wins), the files it skips on
 * purpose (thumbnails) and, for BioStation CT, a metadata table that names the tiles instead.
 * Data only: the pattern language is in pattern.ts, the choice among presets in folder.ts.
 */

export interface SkipRule {
  /** Tested against the file name (not the folders). */
  test: RegExp;
  reason: string;
}

export interface PatternPreset {
  id: string;
  label: string;
  /** The patterns, most specific first; a file is read by the first one that reads it. */
  patterns: readonly string[];
  /** patterns[0], or '' for a preset read from a metadata table. */
  pattern: string;
  /** A file path this preset reads (the first of `examples`). */
  example: string;
  /** Real names this preset reads, with what they mean, for tests and docs. */
  examples: readonly string[];
  /** What the preset expects, in words, for the preset picker. */
  description: string;
  /** True when the user must give the clone (and possibly FOV and frame interval) separately. */
  needsDefaults?: boolean;
  /** Files the layout writes that are not images to analyse. */
  skip?: readonly SkipRule[];
  /** Read from a metadata table beside the images instead of the names. */
  metadata?: 'biostation-micro-csv';
}

const THUMBNAIL: SkipRule = {
  test: /_thumb/i,
  reason: 'thumbnail (the imager’s small preview), not an image to analyse',
};

/** Incucyte channel names: a preset pattern names them so a vessel name is never read as a channel. */
const INCUCYTE_CHANNEL = '{channel:phase|ph|phc|green|red|nir|blue|orange|c1|c2|c3}';

function preset(p: Omit<PatternPreset, 'pattern' | 'example'>): PatternPreset {
  return { ...p, pattern: p.patterns[0] ?? '', example: p.examples[0]! };
}

/** Ordered from most to least specific: when two presets read the same number of files, the first wins. */
export const PATTERN_PRESETS: readonly PatternPreset[] = [
  preset({
    id: 'demo',
    label: 'Workbench demo (clone07_t030h_f12.png)',
    patterns: ['{clone}_t{time}h_f{fov}'],
    examples: ['clone07_t030h_f12.png'],
    description:
      'One file per image: clone id, "t" + hours after seeding + "h", "f" + field number. The demo experiment uses it.',
  }),
  preset({
    id: 'folders',
    label: 'Folders: clone / time / field',
    patterns: ['{clone}/{time}/{fov}'],
    examples: ['clone07/t030/f12.tif'],
    description:
      'A folder per clone holding a folder per time point (t030, 30h or 030) holding one file per field (f12 or 12).',
  }),
  preset({
    id: 'incucyte',
    label: 'Incucyte export (A172_Phase_C7_1_02d16h00m.tif)',
    patterns: [
      `*_${INCUCYTE_CHANNEL}_{well}_{fov}_{time}`,
      `*_${INCUCYTE_CHANNEL}_{well}_{fov}_{datetime}`,
      '*_{well}_{fov}_{time}',
      '*_{well}_{fov}_{datetime}',
    ],
    examples: ['A172_Phase_C7_1_02d16h00m.tif', 'VID1234_B3_2_2023y01m05d_12h00m.tif', 'VID123_A1_1_00d06h00m.tif'],
    description:
      'Incucyte exported images: vessel name, the channel (Phase, Green, Red…) if exported, the well, the image number in the well as field, and the time as elapsed days/hours/minutes (02d16h00m = 64 h) or as the date and time of the scan (2023y01m05d_12h00m, made relative to the seeding time).',
  }),
  preset({
    id: 'incucyte-archive',
    label: 'Incucyte archive folders (EssenFiles/ScanData/2301/05/1200/1234/B3-2-Ph.tif)',
    patterns: ['{yymm}/{dd}/{hhmm}/*/{well}-{fov}-{channel}'],
    examples: ['EssenFiles/ScanData/2301/05/1200/1234/B3-2-Ph.tif'],
    description:
      'The Incucyte image archive: ScanData/YYMM/DD/HHMM/<vessel id>/<well>-<image>-<channel>.tif. The folders are the date and time of the scan, made relative to the seeding time.',
  }),
  preset({
    id: 'imagexpress',
    label: 'ImageXpress (TimePoint_3/Plate1_A01_s12_w1.TIF)',
    patterns: ['TimePoint_{frame}/{plate}_{well}_s{fov}_w{channel:\\d}*'],
    examples: [
      'TimePoint_3/Plate1_A01_s12_w1.TIF',
      'TimePoint_1/Plate1_B02_s1_w2B71AE91C-5D0C-4B2F-9B57-2D61A8E5F0D1.tif',
    ],
    description:
      'MetaXpress/ImageXpress: a TimePoint_N folder per time point (N × the interval, the first at 0 h); in it plate_well_s<site>_w<wavelength> with an optional GUID after the wavelength. _thumb files are skipped.',
    skip: [THUMBNAIL],
  }),
  preset({
    id: 'harmony',
    label: 'Operetta / Opera Phenix, Harmony (r02c03f12p01-ch1sk5fk1fl1.tiff)',
    patterns: ['{well:r\\d+c\\d+}f{fov}p{z}-ch{channel:\\d+}sk{frame}fk*fl*'],
    examples: ['r02c03f12p01-ch1sk5fk1fl1.tiff'],
    description:
      'PerkinElmer/Revvity Harmony export: r<row>c<column> (r02c03 = B3), f<field>, p<plane>, ch<channel>, sk<time point> (from 1, × the interval).',
  }),
  preset({
    id: 'yokogawa',
    label: 'Yokogawa CV7000/CV8000 (…_B02_T0001F004L01A01Z01C01.tif)',
    patterns: ['{plate}_{well}_T{frame}F{fov}L*A*Z{z}C{channel:\\d+}'],
    examples: ['AssayPlate_Greiner_#655090_B02_T0001F004L01A01Z01C01.tif'],
    description:
      'Yokogawa CellVoyager: plate name, well, T<time point> (from 1, × the interval), F<field>, L<timeline>, A<action>, Z<plane>, C<channel>.',
    skip: [THUMBNAIL],
  }),
  preset({
    id: 'scanr',
    label: 'Evident (Olympus) scanR (A1--W00001--P00012--Z00000--T00005--Phase.tif)',
    patterns: ['{well}--W*--P{fov}--Z{z}--T{frame0}--{channel}'],
    examples: ['A1--W00001--P00012--Z00000--T00005--Phase.tif'],
    description:
      'scanR: well--W<well number>--P<position>--Z<plane>--T<time point, from 0, × the interval>--<channel name>.',
  }),
  preset({
    id: 'nis',
    label: 'Nikon NIS-Elements series (20180101ef002xy01t01.tif)',
    patterns: ['{plate}xy{fov}t{frame}c{channel:\\d+}', '{plate}xy{fov}t{frame}'],
    examples: ['20180101ef002xy01t01.tif', '20180101ef002xy12t05c1.tif'],
    description:
      'NIS-Elements "export as series": the document name, xy<stage position> as field, t<time point> (from 1, × the interval), c<channel>. The document name is the clone unless a plate map or a clone is given.',
  }),
  preset({
    id: 'gen5',
    label: 'Agilent BioTek Cytation / Gen5 (B3_01_1_12_Phase Contrast_005.tif)',
    patterns: ['{well}_*_*_{fov}_{channel}_{frame}'],
    examples: ['B3_01_1_12_Phase Contrast_005.tif'],
    description:
      'Gen5 image export: well, read step, channel number, site (field), channel name, time point (from 1, × the interval).',
  }),
  preset({
    id: 'biostation',
    label: 'Nikon BioStation CT (PNG tiles + micro.csv)',
    patterns: [],
    examples: ['A01/micro.csv + A01/Ph_0001.png'],
    description:
      'BioStation CT export: PNG tiles beside micro.csv (UTF-16, tab-separated) whose File Name, Time Stamp, Position X(um), Position Y(um) and Filter(Ch) columns give each tile its time (relative to the seeding time, else the first tile), stage position (one field per position) and channel. The well is the Well column if there is one, else the folder name.',
    metadata: 'biostation-micro-csv',
  }),
  preset({
    id: 'timelapse',
    label: 'Time-lapse frames of one field (t01.tif)',
    patterns: ['t{time}'],
    examples: ['t01.tif'],
    description:
      'Numbered frames of a single clone and field. Give the clone, the field and the hours between frames; the frame number times that interval is the time point.',
    needsDefaults: true,
  }),
];
