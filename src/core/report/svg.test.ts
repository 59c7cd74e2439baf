import { describe, expect, it } from 'vitest';
import { barSvg, blueWhiteRed, boxSvg, heatmapSvg, intervalSvg, niceRange, niceTicks, scatterSvg, tickLabel } from './svg';

function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('axis helpers', () => {
  it('gives nice tick values', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(7.3, 12.9, 5)).toEqual([8, 10, 12]);
    expect(niceTicks(7.3, 12.9, 8)).toEqual([8, 9, 10, 11, 12]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(-0.3, 0.3, 6)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    expect(niceRange([7.3, 12.9])).toEqual({ lo: 6, hi: 14, ticks: [6, 8, 10, 12, 14] });
    expect(tickLabel(0.25, [0, 0.25, 0.5])).toBe('0.25');
    expect(tickLabel(10, [8, 10, 12])).toBe('10');
    expect(tickLabel(0.1 + 0.2, [0.1, 0.2, 0.3])).toBe('0.3');
  });
  it('maps blue → white → red', () => {
    expect(blueWhiteRed(0)).toBe('#2166ac');
    expect(blueWhiteRed(0.5)).toBe('#f7f7f7');
    expect(blueWhiteRed(1)).toBe('#b2182b');
    expect(blueWhiteRed(7)).toBe('#b2182b');
  });
});

describe('charts', () => {
  it('scatter: points, labels, diagonal, coordinates rounded to 0.1', () => {
    const svg = scatterSvg({
      points: [
        { x: 8, y: 8.5, label: 'a<b' },
        { x: 12, y: 11.25 },
        { x: NaN, y: 3 },
      ],
      xLabel: 'Measured (passages)',
      yLabel: 'Predicted (passages)',
      title: 'P vs M',
      diagonal: true,
      line: { slope: 1, intercept: 0.5 },
      width: 400,
      height: 300,
    });
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title>P vs M</title>');
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toContain('class="diagonal"');
    expect(svg).toContain('class="fit"');
    expect(svg).toContain('a&lt;b');
    for (const m of svg.matchAll(/\b(?:x|y|cx|cy|x1|y1|x2|y2)="(-?[\d.]+)"/g)) expect(m[1]).toMatch(/^-?\d+(\.\d)?$/);
    // Shared axes 8 … 12: the diagonal runs from corner to corner of the frame (56,256) → (386,28).
    expect(svg).toContain('x1="56" y1="256" x2="386" y2="28"');
  });

  it('heatmap: one rect per cell, rings under threshold, legend', () => {
    const svg = heatmapSvg({
      xLabels: ['6', '12', '18'],
      yLabels: ['1', '2'],
      z: [
        [1.4, 0.9, null],
        [1.1, 0.7, 0.5],
      ],
      title: 'RMSE',
      threshold: 1,
      zmin: 0.5,
      zmax: 1.5,
    });
    expect(balanced(svg)).toBe(true);
    expect(svg.match(/class="below-threshold"/g)).toHaveLength(3);
    expect(svg).toContain('fill="#2166ac"'); // 0.5 = zmin
    expect(svg).toContain('stroke-dasharray="2 2"'); // the null cell
    expect(svg).toContain('class="legend"');
  });

  it('bar and box charts', () => {
    const bar = barSvg({ labels: ['A', 'B'], values: [3, 5], title: 'Bars', yLabel: 'n', width: 300, height: 200 });
    expect(balanced(bar)).toBe(true);
    expect(bar.match(/<rect x=/g)?.length).toBe(3); // two bars + frame
    const box = boxSvg({
      groups: [
        { label: 'REC', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 40] },
        { label: 'bulk', values: [] },
      ],
      title: 'Box',
      yLabel: 'cells',
      width: 300,
      height: 200,
    });
    expect(balanced(box)).toBe(true);
    expect(box).toContain('median 5.500');
    // 40 lies beyond Q3 + 1.5 IQR: one outlier dot.
    expect(box.match(/r="2.5"/g)).toHaveLength(1);
  });

  it('interval plot', () => {
    const svg = intervalSvg({
      rows: [
        { label: 'c1', estimate: 10, lo: 9, hi: 11, measured: 10.5 },
        { label: 'c2', estimate: 8, lo: 7.5, hi: 9, measured: null },
      ],
      title: 'Intervals',
      xLabel: 'Potency (passages)',
      threshold: 10,
      width: 500,
    });
    expect(balanced(svg)).toBe(true);
    expect(svg.match(/<path/g)).toHaveLength(1);
    expect(svg).toContain('class="threshold"');
  });

  it('is deterministic', () => {
    const make = () => heatmapSvg({ xLabels: ['a'], yLabels: ['b'], z: [[0.3333333]], title: 't', zmin: 0, zmax: 1 });
    expect(make()).toBe(make());
  });
});
