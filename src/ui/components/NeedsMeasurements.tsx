import { useView } from '../../state/viewStore';

/** What Explore, Models and Ranking show before any field has been measured. */
export function NeedsMeasurements({ title, waiting }: { title: string; waiting?: number }) {
  const setTab = useView((s) => s.setTab);
  return (
    <section className="panel">
      <h2>{title}</h2>
      <p>
        No measurements yet. Segment and measure the fields first{waiting !== undefined ? ` (${waiting} images waiting)` : ''}.{' '}
        <button type="button" className="primary" onClick={() => setTab('segmentation')}>
          Go to segmentation
        </button>
      </p>
    </section>
  );
}
