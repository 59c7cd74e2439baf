/**
 * The learned segmentation's speed in Node, single-threaded: ms per 1024×1022 shared field
 * (raw.tif → 8 bit by the project rule; median of several runs) for the network alone and with its
 * pre- and post-processing (segmentLearned's timingsMs), beside the classical pipeline on the same
 * field in the same process, with the ratios learned / classical; then fields per second through
 * `analyze`'s worker pool (decode + segment + measure) for each method on copies of the fields.
 * Prints a table and a final JSON line.
 *
 *   npx tsx scripts/bench-learned.ts [--runs 5] [--pool-fields 24] [--workers 2]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberOption, parseArgs } from '../src/cli/args';
import { nodeNetwork } from '../src/cli/network';
import { getCv } from '../src/core/cv';
import { decodeImage, to8bit } from '../src/core/image';
import { SEGMENTER_CARD } from '../src/core/segmentation/learned/card';
import { DEFAULT_LEARNED_PARAMS, DEFAULT_SEGMENTATION_PARAMS, paramsHash } from '../src/core/segmentation/params';
import { segmentField } from '../src/core/segmentation/segmentField';
import { FIELD_NAMES, sharedPath } from '../src/testing/shared';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const KEYS = ['prepare', 'network', 'cells', 'total'] as const;

function poolRate(method: 'learned' | 'classical', dir: string, workers: number): { seconds: number; fieldsPerSecond: number } {
  const out = mkdtempSync(join(tmpdir(), `bench-learned-${method}-`));
  try {
    const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'analyze', dir, '--out', out, '--method', method, '--workers', String(workers)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`analyze --method ${method} failed:\n${r.stderr}`);
    const m = /analysed (\d+) of \d+ image files \(\d+ cells\) in ([\d.]+) s, ([\d.]+) images\/s/.exec(r.stderr);
    if (!m) throw new Error(`analyze --method ${method}: no summary line in\n${r.stderr}`);
    return { seconds: Number(m[2]), fieldsPerSecond: Number(m[3]) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2), [], ['runs', 'pool-fields', 'workers']);
  const runs = numberOption(parsed, 'runs', 5);
  const poolFields = numberOption(parsed, 'pool-fields', 24);
  const workers = numberOption(parsed, 'workers', Math.min(2, availableParallelism()));
  const cv = await getCv();
  const t0 = performance.now();
  const net = await nodeNetwork();
  const openMs = performance.now() - t0;
  const network = () => Promise.resolve(net);
  const fields = FIELD_NAMES.map((name) => {
    const path = sharedPath('data/phase-contrast/fields', name, 'raw.tif');
    const page = decodeImage(new Uint8Array(readFileSync(path)), 'raw.tif').pages[0]!;
    return { name, path, image: to8bit(page) };
  });
  // Warm-up: JIT, wasm tiers and the session's first runs.
  for (const f of fields) {
    await segmentField(cv, f.image, DEFAULT_SEGMENTATION_PARAMS);
    await segmentField(cv, f.image, DEFAULT_LEARNED_PARAMS, { network });
  }
  type Row = { field: string; width: number; height: number; cells: number; classicalCells: number; classicalMs: number } & Record<
    `${(typeof KEYS)[number]}Ms`,
    number
  >;
  const rows: Row[] = [];
  for (const { name, image } of fields) {
    const classical: number[] = [];
    const learned: Record<(typeof KEYS)[number], number[]> = { prepare: [], network: [], cells: [], total: [] };
    let cells = 0;
    let classicalCells = 0;
    for (let k = 0; k < runs; k++) {
      const c = await segmentField(cv, image, DEFAULT_SEGMENTATION_PARAMS);
      classical.push(c.timingsMs.total!);
      classicalCells = c.count;
      const l = await segmentField(cv, image, DEFAULT_LEARNED_PARAMS, { network });
      for (const key of KEYS) learned[key].push(l.timingsMs[key]!);
      cells = l.count;
    }
    rows.push({
      field: name,
      width: image.width,
      height: image.height,
      cells,
      classicalCells,
      classicalMs: median(classical),
      ...(Object.fromEntries(KEYS.map((k) => [`${k}Ms`, median(learned[k])])) as Record<`${(typeof KEYS)[number]}Ms`, number>),
    });
  }
  const avg = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  const fmt = (v: number) => v.toFixed(1).padStart(8);
  console.log(
    `learned segmentation bench (Node, onnxruntime-web wasm, 1 thread): ${runs} runs per field, median ms; ` +
      `model ${SEGMENTER_CARD.sha256.slice(0, 16)} (${SEGMENTER_CARD.bytes} bytes), network at ${SEGMENTER_CARD.network_um_per_px} µm/px; ` +
      `params learned ${paramsHash(DEFAULT_LEARNED_PARAMS)}, classical ${paramsHash(DEFAULT_SEGMENTATION_PARAMS)}; network opened in ${openMs.toFixed(0)} ms`,
  );
  console.log('field   size       cells(l/c)  prepare  network    cells    total classical  net/cl  total/cl');
  for (const r of rows)
    console.log(
      `${r.field.padEnd(7)} ${`${r.width}×${r.height}`.padEnd(10)} ${`${r.cells}/${r.classicalCells}`.padStart(10)} ${fmt(r.prepareMs)} ${fmt(r.networkMs)} ${fmt(r.cellsMs)} ${fmt(r.totalMs)} ${fmt(r.classicalMs)}  ${(r.networkMs / r.classicalMs).toFixed(2).padStart(6)}  ${(r.totalMs / r.classicalMs).toFixed(2).padStart(8)}`,
    );
  const mean = {
    prepareMs: avg((r) => r.prepareMs),
    networkMs: avg((r) => r.networkMs),
    cellsMs: avg((r) => r.cellsMs),
    totalMs: avg((r) => r.totalMs),
    classicalMs: avg((r) => r.classicalMs),
  };
  console.log(
    `mean                          ${fmt(mean.prepareMs)} ${fmt(mean.networkMs)} ${fmt(mean.cellsMs)} ${fmt(mean.totalMs)} ${fmt(mean.classicalMs)}  ${(mean.networkMs / mean.classicalMs).toFixed(2).padStart(6)}  ${(mean.totalMs / mean.classicalMs).toFixed(2).padStart(8)}`,
  );

  let pool: Record<string, { seconds: number; fieldsPerSecond: number }> | undefined;
  if (poolFields > 0) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-learned-in-'));
    try {
      mkdirSync(join(dir, 'plate'));
      for (let i = 0; i < poolFields; i++) {
        const f = fields[i % fields.length]!;
        copyFileSync(f.path, join(dir, 'plate', `clone${String((i % 4) + 1).padStart(2, '0')}_t${String(6 * (Math.floor(i / 4) + 1)).padStart(3, '0')}h_f01.tif`));
      }
      pool = { classical: poolRate('classical', dir, workers), learned: poolRate('learned', dir, workers) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(
      `analyze pool, ${poolFields} fields (decode + segment + measure) on ${workers} workers: ` +
        `learned ${pool.learned!.fieldsPerSecond.toFixed(2)} fields/s, classical ${pool.classical!.fieldsPerSecond.toFixed(2)} fields/s ` +
        `(learned / classical time ${(pool.learned!.seconds / pool.classical!.seconds).toFixed(2)}×)`,
    );
  }
  await net.release();
  const r2 = (v: number) => +v.toFixed(2);
  console.log(
    JSON.stringify({
      bench: 'learned',
      runs,
      model: SEGMENTER_CARD.sha256.slice(0, 16),
      openMs: r2(openMs),
      networkMs: r2(mean.networkMs),
      learnedMs: r2(mean.totalMs),
      stepsMs: { prepare: r2(mean.prepareMs), network: r2(mean.networkMs), cells: r2(mean.cellsMs) },
      classicalMs: r2(mean.classicalMs),
      ratioNetworkToClassical: +(mean.networkMs / mean.classicalMs).toFixed(3),
      ratioLearnedToClassical: +(mean.totalMs / mean.classicalMs).toFixed(3),
      ...(pool
        ? {
            poolFields,
            poolWorkers: workers,
            poolLearnedFieldsPerSecond: r2(pool.learned!.fieldsPerSecond),
            poolClassicalFieldsPerSecond: r2(pool.classical!.fieldsPerSecond),
          }
        : {}),
      fields: rows.map((r) => ({
        field: r.field,
        cells: r.cells,
        classicalCells: r.classicalCells,
        networkMs: r2(r.networkMs),
        learnedMs: r2(r.totalMs),
        classicalMs: r2(r.classicalMs),
      })),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
