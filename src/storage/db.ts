/**
 * Opening the workbench database: one connection per name per page, shared by all callers.
 * When another tab needs a newer schema, this connection closes itself (IndexedDB cannot upgrade
 * while any old connection stays open), and the next call here reopens at the new version.
 */
import { openDB } from 'idb';
import { DB_NAME, SCHEMA_VERSION, migrate, type WorkbenchDb, type WorkbenchSchema } from './schema';

export interface OpenHooks {
  /** Another tab holds an older connection open, so our upgrade waits until it closes. */
  onBlocked?: () => void;
  /** We closed our connection so another tab could upgrade; the page should offer a reload. */
  onVersionChange?: () => void;
  /** Stored data of an older schema is being migrated (once; long at paper scale). */
  onUpgrade?: (oldVersion: number, newVersion: number) => void;
}

const connections = new Map<string, Promise<WorkbenchDb>>();

/** The open database (opened and migrated on first call). `name` is for tests; the app uses the default. */
export function openWorkbenchDb(
  name: string = DB_NAME,
  hooks: OpenHooks = {},
): Promise<WorkbenchDb> {
  const existing = connections.get(name);
  if (existing) return existing;
  const opening = openDB<WorkbenchSchema>(name, SCHEMA_VERSION, {
    upgrade: (db, oldVersion, newVersion, tx) => {
      if (oldVersion > 0) hooks.onUpgrade?.(oldVersion, newVersion ?? SCHEMA_VERSION);
      return migrate(db, oldVersion, newVersion, tx);
    },
    blocked: () => hooks.onBlocked?.(),
    blocking: () => {
      connections.delete(name);
      void opening.then((db) => db.close());
      hooks.onVersionChange?.();
    },
    terminated: () => {
      connections.delete(name);
    },
  });
  connections.set(name, opening);
  opening.catch(() => connections.delete(name));
  return opening;
}

/** Closes the connection for `name` if open (tests, and before deleting the database). */
export async function closeWorkbenchDb(name: string = DB_NAME): Promise<void> {
  const opening = connections.get(name);
  connections.delete(name);
  if (opening) (await opening).close();
}
