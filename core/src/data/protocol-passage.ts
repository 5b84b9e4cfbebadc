import type { AppContext } from "../app/app-context.ts";
import type { AnswerSource } from "../answer/retrieve-passages.ts";
import { searchPassages } from "../answer/search-passages.ts";
import { selectSentences } from "../answer/select-sentences.ts";
import { subjectTerms } from "../answer/question-intent.ts";
import type { Actor } from "../ports/index.ts";
import { terms } from "../text/analyze.ts";

/** Words that make a data question also ask what the practice's own documents say. */
const DOCUMENT_CUES = /\b(protocols?|guidelines?|polic(?:y|ies)|procedures?|sops?|pathways?|requires?|required|requirements?|recommends?|recommended|mandated|according to|as per)\b/i;

/** Whether a data question also asks what a protocol (or guideline, policy…) says. */
export function refersToDocuments(question: string): boolean {
  return DOCUMENT_CUES.test(question);
}

/** The cited passage of a hybrid data answer: the quoted sentences and the passages they come from. */
export interface ProtocolPassage {
  /** One `> sentences [n]` line per quoted passage. */
  quotes: string[];
  sources: Array<Pick<AnswerSource, "n" | "documentId" | "title" | "locator" | "text">>;
}

const CUE_TERMS = new Set(terms("protocol protocols guideline guidelines policy policies procedure procedures sop sops pathway pathways require requires required requirement recommend recommended mandated according per patient patients many much number count"));

/**
 * The passage of the caller's documents that states the rule a data question
 * refers to ("the 2-hour observation our protocol requires"): the same
 * retrieval and scope as `search` (organisation, project, visibility; no
 * patient sessions), then the sentences that answer the question. A passage
 * counts only when it shares a subject word with the question beyond the
 * words that point at a document; `undefined` when none does.
 */
export async function findProtocolPassage(app: AppContext, actor: Actor, input: {
  projectId: string; question: string; visibility: "public" | "private"; channel?: string;
}): Promise<ProtocolPassage | undefined> {
  const { passages } = await searchPassages(app, { actor, projectId: input.projectId, query: input.question, visibility: input.visibility, patientIds: [], limit: 5, ...(input.channel && { channel: input.channel }) });
  const subject = subjectTerms(input.question).filter((t) => !CUE_TERMS.has(t));
  const about = passages.filter((p) => {
    const have = new Set(terms(`${p.context ?? p.title} ${p.text}`));
    return subject.some((t) => have.has(t));
  });
  if (!about.length) return undefined;
  const { quotes, cited } = selectSentences(input.question, about, { maxQuotes: 1, maxSentences: 2 });
  if (!quotes.length) return undefined;
  const sources = about.filter((p) => cited.includes(p.n)).map(({ n, documentId, title, locator, text }) => ({ n, documentId, title, ...(locator !== undefined && { locator }), text }));
  return { quotes, sources };
}
