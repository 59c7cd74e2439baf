/** A labelled progress bar with an optional cancel button. */
export function ProgressBar({
  label,
  done,
  total,
  detail,
  onCancel,
}: {
  label: string;
  done: number;
  total: number;
  detail?: string;
  onCancel?: () => void;
}) {
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  return (
    <div className="progress" role="group" aria-label={label}>
      <div className="progress-head">
        <span>{label}</span>
        <span className="muted">
          {done} / {total}
          {detail ? ` · ${detail}` : ''}
        </span>
        {onCancel && (
          <button type="button" className="small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <progress max={total || 1} value={done} aria-valuetext={`${pct.toFixed(0)} %`} />
    </div>
  );
}
