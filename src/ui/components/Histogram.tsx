/** A small SVG histogram (cell areas in the segmentation preview); exportable as SVG. */
export function Histogram({
  values,
  bins = 30,
  label,
  log10 = false,
}: {
  values: ArrayLike<number>;
  bins?: number;
  label: string;
  log10?: boolean;
}) {
  const xs = Array.from(values, (v) => (log10 ? Math.log10(v) : v)).filter(Number.isFinite);
  if (xs.length === 0) return <p className="muted">No cells.</p>;
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const width = (max - min || 1) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor((x - min) / width))]!++;
  const top = Math.max(...counts);
  const W = 320;
  const H = 120;
  const pad = 24;
  const bw = (W - pad) / bins;
  const fmt = (v: number) => (log10 ? Math.round(10 ** v).toString() : v.toFixed(0));
  return (
    <figure className="histogram" style={{ margin: 0 }}>
      <svg width={W} height={H + 20} role="img" aria-label={`Histogram of ${label}`} xmlns="http://www.w3.org/2000/svg">
        {counts.map((c, i) => (
          <rect key={i} x={pad + i * bw} y={H - (H - 10) * (c / top)} width={bw - 1} height={(H - 10) * (c / top)} fill="#2458c6" />
        ))}
        <line x1={pad} y1={H} x2={W} y2={H} stroke="#667085" />
        <text x={pad} y={H + 14} fontSize="10" fill="#667085">
          {fmt(min)}
        </text>
        <text x={W} y={H + 14} fontSize="10" fill="#667085" textAnchor="end">
          {fmt(max)}
        </text>
        <text x={2} y={12} fontSize="10" fill="#667085">
          {top}
        </text>
      </svg>
      <figcaption className="muted small-text">
        {label}: {xs.length} cells{log10 ? ' (log scale)' : ''}
      </figcaption>
    </figure>
  );
}
