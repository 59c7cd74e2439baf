/**
 * Fields per core-hour of the per-image work a cluster shard does, for docs/cluster.md:
 *   npx tsx scripts/cluster-throughput.ts [--methods classical,learned] [--repeat 2]
 * Runs `analyze`'s per-image step (src/cli/analyzeWorker.ts analyzeImage: read, decode, 16 → 8 bit,
 * segment, measure, summarise) on one thread over the 19 real 1024 × 1022 phase-contrast fields in
 * ../shared (6 fields/ + 13 timelapse/ frames), after one warm-up field, and prints per method the
 * wall and CPU seconds per field, fields per core-hour (3600 / CPU s per field: one shard task holds
 * one core) and what 480,000 fields a week (500 clones × 15 time points × 64 FOVs) costs in
 * core-hours. CPU time is the honest figure on a shared machine; wall time equals it on an idle core.
 */
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeImage } from '../src/cli/analyzeWorker';
import { DEFAULT_LEARNED_PARAMS, DEFAULT_SEGMENTATION_PARAMS, type SegmentationParams } from '../src/core/segmentation/params';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.POTENCY_SHARED_DIR ?? resolve(root, '../shared');
const data = join(shared, 'data/phase-contrast');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const methods = opt('methods', 'classical,learned').split(',');
const repeat = Math.max(1, Number(opt('repeat', '2')));
const WEEK = 500 * 15 * 64;

async function main(): Promise<number> {
  if (!existsSync(data)) {
    console.error(`${data}: not found (the real fields are in ../shared; set POTENCY_SHARED_DIR)`);
    return 1;
  }
  const files = [
    ...readdirSync(join(data, 'fields')).sort().map((d) => join(data, 'fields', d, 'raw.tif')),
    ...readdirSync(join(data, 'timelapse')).filter((f) => /^t\d+\.tif$/.test(f)).sort().map((f) => join(data, 'timelapse', f)),
  ];
  console.log(`${files.length} real fields (1024 × 1022, 16-bit TIFF), ${repeat} pass(es) each, one thread; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const method of methods) {
    const params: SegmentationParams = method === 'learned' ? structuredClone(DEFAULT_LEARNED_PARAMS) : structuredClone(DEFAULT_SEGMENTATION_PARAMS);
    const warm = await analyzeImage(files[0]!, params);
    if (!warm.ok) {
      console.error(`${method}: ${files[0]}: ${warm.reason}`);
      return 1;
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let cells = 0;
    for (let r = 0; r < repeat; r++)
      for (const f of files) {
        const res = await analyzeImage(f, params);
        if (!res.ok) throw new Error(`${f}: ${res.reason}`);
        cells += res.cellCount;
      }
    const n = files.length * repeat;
    const wall = (performance.now() - t0) / 1000 / n;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / 1e6 / n;
    const perCoreHour = 3600 / cpu;
    console.log(
      `${method}: ${wall.toFixed(3)} s wall, ${cpu.toFixed(3)} s CPU per field (${(cells / n).toFixed(0)} cells); ` +
        `${Math.round(perCoreHour).toLocaleString('en')} fields per core-hour; ` +
        `480,000 fields a week = ${Math.round(WEEK / perCoreHour).toLocaleString('en')} core-hours`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
