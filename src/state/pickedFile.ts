/** A file the user picked or dropped, with its path inside the dropped folder ('' parts for a loose file). */
export interface PickedFile {
  path: string;
  file: File;
}
