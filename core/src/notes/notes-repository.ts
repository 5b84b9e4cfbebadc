/**
 * Therapy sessions and their clinical notes. Implemented in drizzle/src/repos/notes.ts. Owned by session notes.
 */
 
export interface NotesRepository {}
