/** @rounds/db: the schema, migrations and repositories over PGlite or PostgreSQL. */
export * as schema from "./schema/index.ts";
export * from "./schema/index.ts";
export { openDatabase, migrationsFolder, type DatabaseHandle, type RoundsDb, type OpenDatabaseOptions } from "./client.ts";
export { createStore } from "./repos/index.ts";
export { spaceIndexName } from "./repos/knowledge.ts";
export { acquireDataFolderLock, embeddedDataPath, readLiveLock, lockPathFor, inUseError, type DataFolderLock, type DataFolderLockRecord } from "./data-folder-lock.ts";
