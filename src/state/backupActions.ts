/** Back up the open experiment to one file, or restore one as a new experiment (storage/backup.ts). */
import { exportExperiment, importExperiment } from '../storage/backup';
import { openWorkbenchDb } from '../storage/db';
import { useExperiments } from './experimentStore';
import { errorText, useMessages } from './messageStore';
import { useTasks } from './taskStore';

export async function backUpExperiment(): Promise<void> {
  const current = useExperiments.getState().current;
  if (!current) return;
  const total = useExperiments.getState().images.length;
  useTasks.getState().start('backup', `Backing up “${current.name}”`, total);
  try {
    const db = await openWorkbenchDb();
    const parts = await exportExperiment(db, current.id, (done) => useTasks.getState().progress('backup', done));
    const url = URL.createObjectURL(new Blob(parts, { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${current.name.replace(/[^\w.-]+/g, '_')}.pwexp`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    useMessages.getState().push('error', `Back-up failed: ${errorText(err)}`);
  } finally {
    useTasks.getState().finish('backup');
  }
}

export async function restoreExperiment(file: File): Promise<void> {
  useTasks.getState().start('restore', `Restoring ${file.name}`, 1);
  try {
    const db = await openWorkbenchDb();
    const id = await importExperiment(db, file.stream(), file.name, (done, total) => {
      useTasks.setState((s) => ({ tasks: { ...s.tasks, restore: { ...s.tasks.restore!, done, total } } }));
    });
    await useExperiments.getState().refresh();
    await useExperiments.getState().open(id);
    useMessages.getState().push('info', `${file.name} restored as “${useExperiments.getState().current?.name}”.`);
  } catch (err) {
    useMessages.getState().push('error', errorText(err));
    await useExperiments.getState().refresh();
  } finally {
    useTasks.getState().finish('restore');
  }
}
