/**
 * The tidy per-cell CSV (`clone,time_h,fov,label,<12 descriptors in px>,<4 in µm / µm²>,um_per_px`), written one image at a time:
 * straight to disk where the browser can (File System Access), else as a Blob assembled from
 * per-image chunks, so a paper-scale experiment is never one giant string.
 */
import { CELL_ROWS_UM_HEADER, cellRowsCsv } from '../../core/profiles';
import { measuredCells } from '../../state/cellSource';
import type { ExperimentRecord, ImageRecord } from '../../storage/schema';
import { errorText, useMessages } from '../../state/messageStore';
import { useTasks } from '../../state/taskStore';

interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

async function openSink(fileName: string): Promise<Sink> {
  const picker = (window as unknown as { showSaveFilePicker?: (o: object) => Promise<FileSystemFileHandle> }).showSaveFilePicker;
  if (picker) {
    try {
      const handle = await picker({ suggestedName: fileName, types: [{ description: 'CSV', accept: { 'text/csv': ['.csv'] } }] });
      const stream = await handle.createWritable();
      return { write: (t) => stream.write(t), close: () => stream.close() };
    } catch (err) {
      if ((err as DOMException).name === 'AbortError') throw err;
      // Not allowed here (e.g. headless): fall back to a download.
    }
  }
  const parts: Blob[] = [];
  return {
    write: async (t) => void parts.push(new Blob([t])),
    close: async () => {
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 5000);
    },
  };
}

/** The 12 descriptors in pixels, then area_um2, perimeter_um, length_um, breadth_um and um_per_px at `umPerPx`. */
export async function exportCellsCsv(experiment: ExperimentRecord, images: readonly ImageRecord[], hash: string, umPerPx: number): Promise<void> {
  const messages = useMessages.getState();
  let sink: Sink;
  try {
    sink = await openSink(`${experiment.name.replace(/[^\w.-]+/g, '_')}_cells.csv`);
  } catch {
    return;
  }
  const tasks = useTasks.getState();
  const controller = tasks.start('export-cells', 'Exporting per-cell CSV', images.length);
  try {
    await sink.write(CELL_ROWS_UM_HEADER);
    let i = 0;
    let cells = 0;
    for await (const { image, cellCount, values } of measuredCells(images, hash)) {
      if (controller.signal.aborted) break;
      // Segmentation labels are 1..count in row order.
      const labels = Array.from({ length: cellCount }, (_, r) => r + 1);
      await sink.write(cellRowsCsv(image.clone, image.timeH, image.fov, labels, values, umPerPx));
      cells += cellCount;
      useTasks.getState().progress('export-cells', ++i);
    }
    await sink.close();
    messages.push('info', `Exported ${cells} cells from ${i} fields.`);
  } catch (err) {
    messages.push('error', `Per-cell export failed: ${errorText(err)}`);
  } finally {
    useTasks.getState().finish('export-cells');
  }
}
