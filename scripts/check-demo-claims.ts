/**
 * Prints the demo experiment's claims (src/testing/demoClaims.ts) on a real `analyze` output, with
 * the whole RMSE table; src/cli/demoClaims.test.ts asserts the same claims at a small size.
 *
 *   npm run cli -- demo --out /tmp/demo16 --fovs 16 && npm run cli -- analyze /tmp/demo16 --out /tmp/ana16
 *   npx tsx scripts/check-demo-claims.ts /tmp/ana16 [--permutations 50] [--seed 1]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberOption, parseArgs } from '../src/cli/args';
import { indexImageStats, parseImageStatsFile } from '../src/core/profiles';
import { demoClaims } from '../src/testing/demoClaims';

const parsed = parseArgs(process.argv.slice(2));
const dir = parsed.positional[0];
if (!dir) {
  console.error('usage: npx tsx scripts/check-demo-claims.ts ANALYZE_OUT [--permutations 50] [--seed 1]');
  process.exit(2);
}
const permutations = numberOption(parsed, 'permutations', 50);
const seed = numberOption(parsed, 'seed', 1);
const { images, potency } = parseImageStatsFile(readFileSync(join(dir, 'image_stats.json'), 'utf8'));
if (!potency) throw new Error('image_stats.json has no potency (analyse a folder with potency.csv)');
const index = indexImageStats(images);
const t0 = performance.now();
const r = demoClaims(index, potency, { permutations, seed });
console.log(`${dir}: ${index.clones.length} clones, ${r.maxFovs} FOVs, ${index.timesH.length} time points (last ${r.lastH} h), ${images.length} images`);
console.log(`trivial RMSE (predict the mean): ${r.trivialRmse.toFixed(3)}`);
const ks = [...new Set(r.table.map((c) => c.fovCount))];
console.log(`\nnested-LOOCV LASSO RMSE (FOV subset seed ${seed})`);
console.log(`window   ${ks.map((k) => `${k} FOV${k > 1 ? 's' : ''}`.padStart(9)).join('')}`);
for (const w of [...new Set(r.table.map((c) => c.windowEndH))])
  console.log(`6–${String(w).padStart(2)} h ${ks.map((k) => r.table.find((c) => c.windowEndH === w && c.fovCount === k)!.rmse.toFixed(3).padStart(9)).join('')}`);
console.log(`6–${r.lastH} h × 1 FOV over subset seeds 1–20: mean ${r.oneFovMean.toFixed(3)}: ${r.oneFovSeeds.map((v) => v.toFixed(2)).join(' ')}`);
const sorted = [...r.permutation.permuted].sort((a, b) => a - b);
console.log(
  `permutation test (${permutations} shuffles): observed ${r.permutation.observed.toFixed(3)}, shuffled min ${sorted[0]!.toFixed(3)} / ` +
    `median ${sorted[sorted.length >> 1]!.toFixed(3)}, p = ${r.permutation.pValue.toFixed(4)}`,
);
console.log(`model fitted to shuffled potencies: nested RMSE ${r.shuffledRmse.toFixed(3)}   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log('\nclaims:');
for (const c of r.claims) console.log(`  ${c.holds ? 'HOLDS ' : 'FAILS '} ${c.text}: ${c.value.toFixed(3)}`);
console.log(
  JSON.stringify({
    check: 'demo-claims',
    fovs: r.maxFovs,
    trivialRmse: +r.trivialRmse.toFixed(4),
    nestedRmseAllFovs: +r.fullRmse.toFixed(4),
    nestedRmseOneFov: +r.oneFovRmse.toFixed(4),
    oneFovMeanOver20Seeds: +r.oneFovMean.toFixed(4),
    permutationP: r.permutation.pValue,
    permutations,
    shuffledRmse: +r.shuffledRmse.toFixed(4),
  }),
);
