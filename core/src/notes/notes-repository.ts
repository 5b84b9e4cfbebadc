/**
 * Therapy sessions and their clinical notes. Implemented in drizzle/src/repos/notes.ts. Owned by session notes.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotesRepository {}
