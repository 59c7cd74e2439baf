import { useRef, useState, type DragEvent } from 'react';
import type { PickedFile } from '../../state/pickedFile';

export type { PickedFile };

/** Walks dropped folders (the entries API is the only way to read a dropped folder). */
async function collectEntry(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path: prefix + entry.name, file });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: read until empty.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      for (const child of batch) await collectEntry(child, `${prefix}${entry.name}/`, out);
    }
  }
}

export async function filesFromDataTransfer(dt: DataTransfer): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const entries = Array.from(dt.items)
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length > 0) {
    for (const entry of entries) await collectEntry(entry, '', out);
  } else {
    for (const file of Array.from(dt.files)) out.push({ path: file.name, file });
  }
  return out;
}

function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({
    path: file.webkitRelativePath || file.name,
    file,
  }));
}

export function DropZone({ onFiles, hint }: { onFiles: (files: PickedFile[]) => void; hint?: string }) {
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    onFiles(await filesFromDataTransfer(e.dataTransfer));
  };

  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>
        <strong>Drop image files or whole folders here</strong>
      </p>
      <p className="muted">{hint ?? 'PNG, JPEG or TIFF (8- or 16-bit grey; colour is converted to grey).'}</p>
      <div className="row">
        <button type="button" onClick={() => filesInput.current?.click()}>
          Choose files…
        </button>
        <button type="button" onClick={() => folderInput.current?.click()}>
          Choose a folder…
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        accept=".png,.jpg,.jpeg,.tif,.tiff,image/*"
        onChange={(e) => {
          onFiles(filesFromInput(e.target.files));
          e.target.value = '';
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        data-testid="folder-input"
        // @ts-expect-error: non-standard but supported by every current browser
        webkitdirectory=""
        onChange={(e) => {
          onFiles(filesFromInput(e.target.files));
          e.target.value = '';
        }}
      />
    </div>
  );
}
