/**
 * `npm run test:slurm` (as root): the cluster path on a real Slurm. Starts a one-node Slurm from
 * Debian's packages on this machine (scripts/slurm/local-cluster.sh: munge, slurmctld, slurmd,
 * localhost, 2 CPUs, proctrack/linuxproc, task/none), writes a small demo folder (2 clones × 15
 * time points × 4 FOVs = 120 fields of 256 px, classical as its demo.json says), analyses it once
 * unsharded, then for N = 1, 2, 4 submits scripts/slurm/submit.sh (an `sbatch --array=1-N` of
 * `analyze --shard I/N` and a merge job with `--dependency=afterok`), waits for the scheduler, and
 * checks that the merged profiles.csv, image_stats.json, qc.csv, manifest.json and cells/ are the
 * unsharded ones byte for byte and that the browser's restore (storage/backup.ts, on
 * fake-indexeddb) accepts the merge's analysis.pwexp. Prints the wall time per N and the job ids and
 * states Slurm reported, then stops the daemons. Exit 1 on any failure.
 *
 * Options: --keep (leave the work folder and the cluster running), --ns 1,2,4, --fovs 4.
 */
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cluster = join(root, 'scripts/slurm/local-cluster.sh');
const submit = join(root, 'scripts/slurm/submit.sh');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'src/cli/main.ts');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const shardCounts = opt('ns', '1,2,4').split(',').map(Number);
const fovs = opt('fovs', '4');
const TERMINAL = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)/;
const FILES = ['profiles.csv', 'image_stats.json', 'qc.csv', 'manifest.json'];

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(cmd, argv, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${cmd} ${argv.join(' ')} failed:\n${e.stderr || e.stdout || e.message}`);
  }
}

interface JobState {
  jobId: string;
  arrayTask?: string;
  state: string;
  reason: string;
  elapsed: string;
}

/** `scontrol show job -o ID`: one line per job (per array task); [] once Slurm has forgotten it. */
function jobStates(id: string, env: NodeJS.ProcessEnv): JobState[] {
  let text: string;
  try {
    text = execFileSync('scontrol', ['show', 'job', '-o', id], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return [];
  }
  return text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('JobId='))
    .map((l) => {
      const f = (k: string) => new RegExp(`(?:^| )${k}=(\\S*)`).exec(l)?.[1] ?? '';
      return { jobId: f('JobId'), ...(f('ArrayTaskId') ? { arrayTask: f('ArrayTaskId') } : {}), state: f('JobState'), reason: f('Reason'), elapsed: f('RunTime') };
    })
    .sort((a, b) => Number(a.arrayTask ?? 0) - Number(b.arrayTask ?? 0));
}

/**
 * The app's storage modules, loaded by path: they need the DOM's types (IndexedDB, Blob), which the
 * scripts' type check (tsconfig.node.json) has not, so they are typed here by what is used.
 */
async function storage() {
  const load = (file: string) => import(pathToFileURL(join(root, 'src/storage', file)).href);
  const [backup, db, repository] = await Promise.all([load('backup.ts'), load('db.ts'), load('repository.ts')]);
  return {
    importExperiment: backup.importExperiment as (db: unknown, stream: ReadableStream<Uint8Array>, name: string) => Promise<string>,
    openWorkbenchDb: db.openWorkbenchDb as (name: string) => Promise<unknown>,
    listImages: repository.listImages as (db: unknown, id: string) => Promise<unknown[]>,
    listImageStats: repository.listImageStats as (db: unknown, id: string) => Promise<unknown[]>,
  };
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

function sameTree(a: string, b: string): string[] {
  const problems: string[] = [];
  for (const f of FILES) if (!existsSync(join(b, f)) || !readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) problems.push(`${f} differs`);
  const cells = readdirSync(join(a, 'cells')).sort();
  const got = existsSync(join(b, 'cells')) ? readdirSync(join(b, 'cells')).sort() : [];
  if (got.join() !== cells.join()) problems.push(`cells/ lists ${got.length} files, unsharded ${cells.length}`);
  else for (const c of cells) if (!readFileSync(join(a, 'cells', c)).equals(readFileSync(join(b, 'cells', c)))) problems.push(`cells/${c} differs`);
  return problems;
}

/** Largest |difference| over the numeric cells of two profiles.csv files (0 when equal; NaN = NaN). */
function maxAbsDiff(a: string, b: string): number {
  const rows = (p: string) => readFileSync(p, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  const ra = rows(a);
  const rb = rows(b);
  if (ra.length !== rb.length) return Infinity;
  let max = 0;
  ra.forEach((r, i) =>
    r.forEach((x, j) => {
      const y = rb[i]![j];
      if (x === y) return;
      const d = Math.abs(Number(x) - Number(y));
      max = Number.isNaN(d) ? Infinity : Math.max(max, d);
    }),
  );
  return max;
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('test:slurm must run as root: it starts munged, slurmctld and slurmd (CI runs it as root)');
    return 1;
  }
  const started = performance.now();
  run(cluster, ['start']);
  const conf = /SLURM_CONF=(\S+)/.exec(run(cluster, ['env']))![1]!;
  const env = { ...process.env, SLURM_CONF: conf };
  const work = mkdtempSync(join(tmpdir(), 'pw-slurm-test-'));
  const failures: string[] = [];
  const results: { n: number; wallS: number; array: JobState[]; merge: JobState[]; maxAbs: number }[] = [];
  try {
    console.log(`slurm: ${run('sinfo', ['-N', '-h', '-o', 'node %N: %c CPUs, %m MB, %t'], env).trim()} (${run('sinfo', ['--version'], env).trim()})`);
    const demo = join(work, 'demo');
    run(tsx, [cli, 'demo', '--out', demo, '--clones', '2', '--fovs', fovs, '--size', '256']);
    const whole = join(work, 'whole');
    const t0 = performance.now();
    run(tsx, [cli, 'analyze', demo, '--out', whole, '--workers', '1']);
    const fields = JSON.parse(readFileSync(join(whole, 'manifest.json'), 'utf8')).listing.length as number;
    console.log(`unsharded analyze (no Slurm, 1 worker): ${fields} fields in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    for (const n of shardCounts) {
      const base = join(work, `n${n}`);
      const t = performance.now();
      const out = run(submit, [demo, base, String(n)], env);
      const arrayId = /^array (\d+)/m.exec(out)?.[1];
      const mergeId = /^merge (\d+)/m.exec(out)?.[1];
      if (!arrayId || !mergeId) throw new Error(`submit.sh printed no job ids:\n${out}`);
      let merge: JobState[] = [];
      let array: JobState[] = [];
      for (;;) {
        await sleep(250);
        array = jobStates(arrayId, env);
        merge = jobStates(mergeId, env);
        if (merge[0] && TERMINAL.test(merge[0].state)) break;
        if (merge[0]?.reason === 'DependencyNeverSatisfied' || array.some((j) => /^(FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY)/.test(j.state))) break;
        if (performance.now() - t > 150_000) {
          failures.push(`N = ${n}: not done after 150 s (array ${arrayId}, merge ${mergeId})`);
          break;
        }
      }
      const wallS = (performance.now() - t) / 1000;
      array = jobStates(arrayId, env);
      merge = jobStates(mergeId, env);
      const show = (j: JobState) => `${j.jobId}${j.arrayTask ? ` (task ${j.arrayTask})` : ''} ${j.state}${j.reason !== 'None' ? ` [${j.reason}]` : ''} ${j.elapsed}`;
      console.log(`N = ${n}: ${wallS.toFixed(1)} s from sbatch to merged; array job ${arrayId}: ${array.map(show).join(', ')}; merge job ${mergeId}: ${merge.map(show).join(', ')}`);
      if (array.length !== n || !array.every((j) => j.state === 'COMPLETED')) failures.push(`N = ${n}: array tasks not all COMPLETED (logs in ${base}/logs)`);
      if (merge[0]?.state !== 'COMPLETED') failures.push(`N = ${n}: merge job ${mergeId} ${merge[0]?.state ?? 'unknown'} (logs in ${base}/logs)`);
      const merged = join(base, 'merged');
      let maxAbs = NaN;
      if (existsSync(join(merged, 'profiles.csv'))) {
        const diff = sameTree(whole, merged);
        maxAbs = maxAbsDiff(join(whole, 'profiles.csv'), join(merged, 'profiles.csv'));
        console.log(`N = ${n}: merged against unsharded: ${diff.length === 0 ? 'every file identical byte for byte' : diff.join('; ')}; profiles.csv max |difference| ${maxAbs}`);
        for (const d of diff) failures.push(`N = ${n}: ${d}`);
      } else failures.push(`N = ${n}: no merged profiles.csv`);
      results.push({ n, wallS, array, merge, maxAbs });
    }

    // The browser's restore reads the last merge's analysis.pwexp.
    const last = join(work, `n${shardCounts.at(-1)}`, 'merged', 'analysis.pwexp');
    if (existsSync(last)) {
      const { openWorkbenchDb, importExperiment, listImages, listImageStats } = await storage();
      const db = await openWorkbenchDb(`slurm-test-${process.pid}`);
      const id = await importExperiment(db, new Blob([readFileSync(last)]).stream(), 'analysis.pwexp');
      const images = (await listImages(db, id)).length;
      const stats = (await listImageStats(db, id)).length;
      console.log(`browser restore of ${last}: ${images} images, ${stats} with statistics`);
      if (images !== fields || stats !== fields) failures.push(`restore: ${images} images / ${stats} statistics, expected ${fields}`);
    } else failures.push(`no ${last}`);
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
  } finally {
    if (!keep) {
      run(cluster, ['stop']);
      rmSync(work, { recursive: true, force: true });
    } else console.log(`kept ${work} and the cluster (stop it with ${cluster} stop)`);
  }
  console.log(`wall times: ${results.map((r) => `N = ${r.n} ${r.wallS.toFixed(1)} s`).join(', ')}; whole test ${((performance.now() - started) / 1000).toFixed(0)} s`);
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(failures.length === 0 ? 'test:slurm passed' : `test:slurm FAILED (${failures.length})`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
