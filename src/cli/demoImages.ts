/**
 * The demo experiment's images measured on the CLI pool: each drawn in memory from its seed,
 * segmented with the demo's parameters, measured and summarised (core/analyzeField). Used by
 * `demo --report` and by the test of the demo's claims.
 */
import { getCv, type CV } from '../core/cv';
import { analyzeField } from '../core/analyzeField';
import { makeDemoClones, renderDemoImage, type DemoClone } from '../core/demo';
import type { SegmentationParams } from '../core/segmentation';
import { runJobs, serveJobs } from './pool';

const ROLE = 'potency-demo-images';

export interface DemoSetup {
  seed: number;
  clones: number;
  size: number;
  params: SegmentationParams;
}

export interface DemoImageJob {
  id: number;
  clone: string;
  timeH: number;
  fov: number;
}

export interface MeasuredDemoImage {
  cellCount: number;
  stats: { n: Float64Array; mean: Float64Array; m2: Float64Array };
}

/** The demo's clones, per seed and clone count (a thread may serve several demos). */
const clonesOf = new Map<string, Map<string, DemoClone>>();
let cvReady: Promise<CV> | undefined;

/** Draw, segment, measure and summarise one demo image (classical, with the demo's parameters). */
async function measureDemoImage(job: DemoImageJob, setup: DemoSetup): Promise<MeasuredDemoImage> {
  const cv = await (cvReady ??= getCv());
  const key = `${setup.seed}|${setup.clones}`;
  let clones = clonesOf.get(key);
  if (!clones) clonesOf.set(key, (clones = new Map(makeDemoClones(setup.seed, setup.clones).map((c) => [c.id, c]))));
  const image = renderDemoImage({ seed: setup.seed, clone: clones.get(job.clone)!, timeH: job.timeH, fov: job.fov, size: setup.size });
  const { cellCount, stats } = await analyzeField(cv, image, setup.params);
  return { cellCount, stats: { n: stats.n, mean: stats.mean, m2: stats.m2 } };
}

serveJobs(ROLE, measureDemoImage, (m) => [m.stats.n.buffer, m.stats.mean.buffer, m.stats.m2.buffer] as ArrayBuffer[]);

/** Every image on the CLI pool; one that cannot be measured stops the report (the demo must be whole). */
export async function measureDemoImages(setup: DemoSetup, jobs: DemoImageJob[], workers: number, onDone: (done: number) => void): Promise<MeasuredDemoImage[]> {
  const results: MeasuredDemoImage[] = new Array(jobs.length);
  const failures: string[] = [];
  let done = 0;
  await runJobs({
    module: new URL(import.meta.url),
    role: ROLE,
    setup,
    jobs,
    workers,
    runHere: measureDemoImage,
    onResult: (job, outcome) => {
      if (outcome.ok) results[job.id] = outcome.value;
      else failures.push(`${job.clone} ${job.timeH} h FOV ${job.fov}: ${outcome.reason}`);
      onDone(++done);
    },
  });
  if (failures.length) throw new Error(`demo --report: ${failures.length} image(s) failed: ${failures[0]}`);
  return results;
}

