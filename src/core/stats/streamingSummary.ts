/**
 * A group of values seen one at a time: exact n, mean and variance (Welford) and a bounded,
 * seeded uniform sample (reservoir) for drawing its distribution. Memory stays constant however
 * many cells a paper-scale experiment has.
 */
import type { GroupSummary } from './ttest';

export class StreamingSummary {
  n = 0;
  mean = 0;
  private m2 = 0;
  readonly sample: number[] = [];
  private state: number;
  private readonly capacity: number;

  constructor(capacity = 2000, seed = 1) {
    this.capacity = capacity;
    this.state = seed >>> 0 || 1;
  }

  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (this.sample.length < this.capacity) this.sample.push(x);
    else {
      const j = Math.floor(this.random() * this.n);
      if (j < this.capacity) this.sample[j] = x;
    }
  }

  summary(): GroupSummary {
    return { n: this.n, mean: this.mean, variance: this.n > 1 ? this.m2 / (this.n - 1) : NaN };
  }

  /** xorshift32: deterministic sampling, so the same data draw the same picture. */
  private random(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
}
