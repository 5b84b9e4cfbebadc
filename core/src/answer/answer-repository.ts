/**
 * Conversations, answers, citations, feedback and the hybrid retrieval index. Implemented in drizzle/src/repos/answers.ts. Owned by retrieval and answers.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AnswerRepository {}
