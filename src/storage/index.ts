/** Browser persistence of experiments (IndexedDB through idb): schema, connection, reads and writes, quota. */
export * from './schema';
export * from './db';
export * from './repository';
export * from './quota';
