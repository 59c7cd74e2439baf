import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeHtml } from './escape';
import { exampleReportData } from './exampleReportData';
import { buildReportHtml, SECTION_TITLES, type ReportData } from './report';
import { base64 } from './dataUri';

const HOSTILE_IMG = '<img src=x onerror=alert(1)>.png';
const HOSTILE_SCRIPT = '"quotes" & <script>alert(2)</script>';

/** Checks that every SVG fragment opens and closes its tags in order; returns the problems. */
function tagBalance(fragment: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const m of fragment.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^<>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) problems.push(`unexpected </${name}> at ${m.index}`);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  if (/<(?![a-zA-Z/])/.test(fragment.replace(/<!--[\s\S]*?-->/g, ''))) problems.push('stray <');
  return problems;
}

function svgFragments(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

function hostileData(): ReportData {
  const d = exampleReportData();
  d.experiment.name = HOSTILE_SCRIPT;
  d.ranking!.rows[0]!.clone = HOSTILE_IMG;
  d.ranking!.rows[0]!.notes = HOSTILE_SCRIPT;
  d.ranking!.decision = `Bank ${HOSTILE_IMG}`;
  d.pca!.clones[0] = HOSTILE_IMG;
  d.model!.trainingClones[0] = HOSTILE_IMG;
  d.model!.selected[0]!.column = HOSTILE_SCRIPT;
  d.segmentation.qc.flagged[0]!.clone = HOSTILE_IMG;
  d.segmentation.params = { [HOSTILE_IMG]: { nested: HOSTILE_SCRIPT } };
  d.segmentation.thumbnails.push(
    { caption: HOSTILE_IMG, pngDataUri: 'https://evil.example/x.png' },
    { caption: 'javascript', pngDataUri: 'javascript:alert(1)' },
  );
  d.segmentation.thumbnails[0]!.caption = HOSTILE_SCRIPT;
  d.provenance.images[0]!.file = HOSTILE_IMG;
  d.provenance.userAgent = HOSTILE_SCRIPT;
  return d;
}

describe('escapeHtml / escapeAttr', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(HOSTILE_IMG)).toBe('&lt;img src=x onerror=alert(1)&gt;.png');
    expect(escapeHtml('"quotes" & <script>')).toBe('&quot;quotes&quot; &amp; &lt;script&gt;');
    expect(escapeAttr(HOSTILE_IMG)).toBe('&lt;img src=x onerror=alert(1)&gt;.png');
    expect(escapeAttr("it's `x`")).toBe('it&#39;s &#96;x&#96;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(3.5)).toBe('3.5');
  });
});

describe('base64', () => {
  it('matches the standard encoding, padding included', () => {
    for (const s of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'])
      expect(base64(new TextEncoder().encode(s))).toBe(Buffer.from(s).toString('base64'));
  });
});

describe('buildReportHtml', () => {
  const data = exampleReportData();
  const html = buildReportHtml(data);

  it('is a complete HTML document with every section in order', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    const titles = Object.values(SECTION_TITLES);
    const positions = titles.map((t) => html.indexOf(`<h2>${escapeHtml(t)}</h2>`));
    for (const [i, p] of positions.entries()) expect(p, titles[i]).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html.indexOf('<h1>')).toBeLessThan(positions[0]!);
    expect(html).toContain('<strong>Decision:</strong>');
  });

  it('loads nothing from outside: no scripts, links, imports or remote URLs', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<iframe|<object|<embed/i);
    // Images, and the appendix's CSV download: data: URIs only.
    for (const m of html.matchAll(/\b(?:src|href|xlink:href)\s*=\s*"([^"]*)"/gi)) expect(m[1]).toMatch(/^data:(image\/|text\/csv;)/);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i);
    for (const m of html.matchAll(/url\(([^)]*)\)/gi)) expect(m[1]).toMatch(/^['"]?data:/);
    expect(html).not.toMatch(/https?:\/\//);
    // The three example thumbnails are embedded.
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
  });

  it('has a print stylesheet for A4 with page breaks between sections', () => {
    expect(html).toContain('@page { size: A4;');
    expect(html).toMatch(/@media print \{[\s\S]*section \{ break-before: page; \}/);
  });

  it('states units and the numbers it was given', () => {
    expect(html).toContain('15 time points, 6 to 90 h every 6 h');
    expect(html).toContain('512 × 512 px');
    expect(html).toContain('0.412 passages');
    expect(html).toContain('<code>area_sd_018h</code></td><td>0.6120</td>');
    // Ranking table: one row per clone, in order of prediction (clone13: 12.9 − 0.48, second after clone03).
    const ranking = html.slice(html.indexOf('<table class="data ranking">'));
    expect(ranking.slice(0, ranking.indexOf('</table>')).match(/<tr>/g)).toHaveLength(16);
    expect(ranking).toMatch(/<tr><td>2<\/td><td>clone13<\/td>.*?<td>12\.42<\/td><td>11\.72–13\.12<\/td><td>12\.90<\/td>/);
    // Unknown potency prints as a dash.
    expect(ranking).toMatch(/<td>clone12<\/td>(?:<td>[^<]*<\/td>){4}<td>—<\/td>/);
  });

  it('escapes hostile names everywhere and drops non-data thumbnails', () => {
    const bad = buildReportHtml(hostileData());
    expect(bad).not.toContain('<img src=x onerror=');
    expect(bad).not.toContain('<script');
    // No tag carries an event handler: the hostile text only appears as escaped text.
    expect(bad).not.toMatch(/<[a-z][^<>]*\son[a-z]+=/i);
    expect(bad).toContain('&lt;img src=x onerror=alert(1)&gt;.png');
    expect(bad).toContain('&quot;quotes&quot; &amp; &lt;script&gt;');
    expect(bad).not.toContain('evil.example');
    expect(bad).not.toContain('javascript:');
    // Every <img> that remains is a data: image.
    for (const m of bad.matchAll(/<img\b[^>]*>/g)) expect(m[0]).toMatch(/^<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="[^"<>]*">$/);
    for (const svg of svgFragments(bad)) expect(tagBalance(svg)).toEqual([]);
  });

  it('draws well-formed SVG charts with titles', () => {
    const svgs = svgFragments(html);
    // PCA, two heatmaps, predicted vs measured, forest plot, bank plan cells.
    expect(svgs).toHaveLength(6);
    for (const svg of svgs) {
      expect(tagBalance(svg)).toEqual([]);
      expect(svg).toMatch(/^<svg[^>]* role="img"/);
      expect(svg).toMatch(/<title>[^<]+<\/title>/);
    }
    expect(tagBalance(html.replace(/<!DOCTYPE html>/, '').replace(/<meta[^>]*>/g, '').replace(/<img[^>]*>/g, ''))).toEqual([]);
  });

  it('marks grid cells under the threshold', () => {
    const d = exampleReportData();
    const below = d.grid!.lasso.flat().filter((v) => v !== null && v < d.grid!.threshold).length;
    const belowRf = d.grid!.rf!.flat().filter((v) => v !== null && v < d.grid!.threshold).length;
    expect(below).toBeGreaterThan(0);
    expect(below).toBeLessThan(d.grid!.lasso.flat().length);
    const svgs = svgFragments(html);
    const lasso = svgs.find((s) => s.includes('<title>LASSO: LOOCV RMSE'))!;
    const rf = svgs.find((s) => s.includes('<title>Random forest: LOOCV RMSE'))!;
    expect(lasso.match(/class="below-threshold"/g)?.length ?? 0).toBe(below);
    expect(rf.match(/class="below-threshold"/g)?.length ?? 0).toBe(belowRf);
    // The missing RF cell is drawn, white and dashed, and says so.
    expect(rf).toContain('not computed');
  });

  it('is deterministic', () => {
    expect(buildReportHtml(exampleReportData())).toBe(html);
  });

  it('omits missing optional parts cleanly', () => {
    const d = exampleReportData();
    const minimal: ReportData = { experiment: d.experiment, segmentation: { ...d.segmentation, thumbnails: [] }, provenance: d.provenance };
    const out = buildReportHtml(minimal);
    for (const t of [SECTION_TITLES.experiment, SECTION_TITLES.segmentation, SECTION_TITLES.provenance])
      expect(out).toContain(`<h2>${t}</h2>`);
    for (const t of [SECTION_TITLES.pca, SECTION_TITLES.models, SECTION_TITLES.model, SECTION_TITLES.ranking])
      expect(out).not.toContain(`<h2>${escapeHtml(t)}</h2>`);
    expect(out).not.toContain('<svg');
    expect(out).not.toContain('undefined');
    expect(out).not.toContain('NaN');
    expect(out).toContain('No banking decision is recorded');
  });
});
