import { useTasks } from '../../state/taskStore';
import { ProgressBar } from './ProgressBar';

/** Every running task as a progress bar with cancel. */
export function Tasks() {
  const tasks = useTasks((s) => s.tasks);
  const cancel = useTasks((s) => s.cancel);
  const list = Object.values(tasks);
  if (list.length === 0) return null;
  return (
    <section className="panel" aria-label="Running tasks" data-testid="tasks">
      {list.map((t) => (
        <ProgressBar key={t.id} label={t.label} done={t.done} total={t.total} detail={t.detail} onCancel={() => cancel(t.id)} />
      ))}
    </section>
  );
}
