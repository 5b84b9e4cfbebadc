import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { MessageBlock } from "../ports/index.ts";
import { checkQuestionRate } from "../identity/rate-limit.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { answerQuestion, locatorOf, type AskResult } from "./answer-question.ts";
import { answerRelease } from "./answer-release.ts";
import { releasePatientText, servablePatientText } from "../consent/release-patient-text.ts";
import { rateAnswer } from "./rate-answer.ts";
import { readPassage } from "./read-passage.ts";
import { searchPassages } from "./search-passages.ts";

/** Chat blocks of an answer: text, numbered sources, feedback buttons. */
export function answerBlocks(r: AskResult): MessageBlock[] {
  const blocks: MessageBlock[] = [{ type: "text", text: r.text, ...(r.kind === "refusal" && { tone: "warning" as const }) }];
  if (r.sources.length) {
    blocks.push({ type: "sources", items: r.sources.map((s) => ({ n: s.n, title: s.title, ...(s.locator && { locator: s.locator }) })) });
  }
  if (r.kind !== "refusal") {
    blocks.push({ type: "actions", buttons: [
      { actionId: "feedback.up", label: "Helpful", value: r.answerId },
      { actionId: "feedback.down", label: "Not helpful", value: r.answerId },
    ] });
  }
  return blocks;
}

/** `--patient <id>` (and, where allowed, `--limit <n>`) options in front of the question or query. */
function parseAskArgs(args: string): { patientIds: string[]; question: string; limit?: number } {
  const patientIds: string[] = [];
  let limit: number | undefined;
  let rest = args.trim();
  for (let m = /^--(patient|limit)[= ](\S+)\s*/.exec(rest); m; m = /^--(patient|limit)[= ](\S+)\s*/.exec(rest)) {
    if (m[1] === "patient") patientIds.push(m[2]!);
    else if (/^\d{1,2}$/.test(m[2]!)) limit = Number(m[2]);
    else throw new RoundsError("BAD_REQUEST", "--limit takes a number of passages, 1 to 50.");
    rest = rest.slice(m[0].length);
  }
  return { patientIds, question: rest, ...(limit !== undefined && { limit }) };
}

export const askCommand: BuiltinCommand = {
  contribution: {
    id: "ask", title: "Ask the knowledge base", roles: ["admin", "clinician", "patient"], usage: "ask [--patient <id>] <question>",
    description: "Answers from approved documents with numbered citations, or says honestly that the knowledge base does not cover it.",
  },
  create: (app) => ({
    async run(inv) {
      const { patientIds, question } = parseAskArgs(inv.args);
      await checkQuestionRate(app, inv.actor);
      let conversationId: string | undefined;
      if (inv.conversation) {
        conversationId = await app.store.answers.ensureConversation({
          organizationId: inv.actor.organizationId, projectId: inv.projectId, userId: inv.actor.userId,
          channel: inv.conversation.channel, externalConversationId: inv.conversation.id,
        });
      }
      const result = await answerQuestion(app, {
        actor: inv.actor, projectId: inv.projectId, question, visibility: inv.visibility, patientIds,
        ...(conversationId && { conversationId }), ...(inv.conversation && { channel: inv.conversation.channel }),
        ...(inv.draft && { onDraft: inv.draft }), ...(inv.signal && { signal: inv.signal }),
      });
      return { blocks: answerBlocks(result), data: { ...result, private: patientIds.length > 0 } };
    },
  }),
};

export const sourcesCommand: BuiltinCommand = {
  contribution: { id: "sources", title: "Show an answer's sources", roles: ["admin", "clinician", "patient", "auditor"], usage: "sources <answer-id>" },
  create: (app) => ({
    async run({ actor, args }) {
      const answer = await app.store.answers.getAnswer(actor.organizationId, args.trim());
      if (!answer || (actor.role === "patient" && answer.userId !== actor.userId)) throw new RoundsError("NOT_FOUND", "No such answer.");
      const chunks = await app.store.knowledge.getChunks({ organizationId: actor.organizationId, projectId: answer.projectId, reader: "unrestricted" }, answer.citations.map((c) => c.chunkId));
      await releasePatientText(app, actor, [answerRelease(answer, chunks)]);
      const byId = new Map(chunks.map((c) => [c.id, c]));
      const lines = answer.citations.map((c) => {
        const chunk = byId.get(c.chunkId);
        return chunk ? `[${c.n}] ${chunk.documentTitle}${chunk.page ? `, p. ${chunk.page}${chunk.ocr ? " (OCR)" : ""}` : ""}${chunk.deletedAt ? " (since replaced)" : ""}\n${chunk.text}` : `[${c.n}] (no longer available)`;
      });
      return { blocks: [{ type: "text", text: lines.join("\n\n") || "This answer cites no sources." }], data: { answer, chunks } };
    },
  }),
};

/** `search`: ranked passages with their citations, from the same retrieval and scope as `ask`, without an answer. */
export const searchCommand: BuiltinCommand = {
  contribution: {
    id: "search", title: "Search the knowledge base", roles: ["admin", "clinician", "patient"], usage: "search [--patient <id>] [--limit <n>] <query>",
    description: "Ranked passages with their sources (document, page or section, speaker and time), from the approved knowledge the caller may draw on. Counts towards the question limit.",
  },
  create: (app) => ({
    async run(inv) {
      const { patientIds, question, limit } = parseAskArgs(inv.args);
      await checkQuestionRate(app, inv.actor);
      const { passages } = await searchPassages(app, {
        actor: inv.actor, projectId: inv.projectId, query: question, visibility: inv.visibility, patientIds,
        ...(limit !== undefined && { limit }), ...(inv.conversation && { channel: inv.conversation.channel }),
      });
      const text = passages.map((p) => `[${p.n}] ${p.title}${p.locator ? ` (${p.locator})` : ""}\n${p.text}`).join("\n\n");
      return { blocks: [{ type: "text", text: text || "Nothing in this knowledge base matches that." }], data: { passages } };
    },
  }),
};

/** `passage <chunk-id>`: one passage a citation or search result points at, with its document and place in it. */
export const passageCommand: BuiltinCommand = {
  contribution: {
    id: "passage", title: "Show one cited passage", roles: ["admin", "clinician", "patient", "auditor"], usage: "passage <chunk-id>",
    description: "The passage with its document and page, section or speaker and time; patients' passages only within the same patient and consent rules as answers. Audited.",
  },
  create: (app) => ({
    async run({ actor, projectId, args, visibility }) {
      const p = await readPassage(app, actor, { projectId, chunkId: args, visibility });
      return { blocks: [{ type: "text", text: `${p.title}${p.locator ? ` (${p.locator})` : ""}\n${p.text}` }], data: p };
    },
  }),
};

export const feedbackCommand: BuiltinCommand = {
  contribution: { id: "feedback", title: "Rate an answer", roles: ["admin", "clinician", "patient"], usage: "feedback up|down <answer-id> [comment]" },
  create: (app) => ({
    async run({ actor, args }) {
      const [rating, answerId, ...comment] = args.trim().split(/\s+/);
      if ((rating !== "up" && rating !== "down") || !answerId) throw new RoundsError("BAD_REQUEST", "Usage: feedback up|down <answer-id> [comment]");
      await rateAnswer(app, actor, { answerId, rating, ...(comment.length && { comment: comment.join(" ") }) });
      return { blocks: [{ type: "text", text: "Thanks, your feedback was recorded." }] };
    },
  }),
};

export const refusalsCommand: BuiltinCommand = {
  contribution: { id: "refusals", title: "Questions Rounds could not answer", roles: ["admin"], usage: "refusals" },
  create: (app) => ({
    async run({ actor, projectId }) {
      const list = await app.store.answers.listRefusals(actor.organizationId, { projectId, limit: 20 });
      // A question is patient text when it was asked about a patient or by one: it passes the same release gate as answers and notes.
      const askers = new Map(await Promise.all([...new Set(list.map((a) => a.userId))].map(async (id) => [id, (await app.store.identity.getUser(actor.organizationId, id))?.patientId ?? null] as const)));
      const releases = list.map((answer) => ({ answer, patientIds: [...answer.patientIds, askers.get(answer.userId)], action: "refusal.read", targetType: "answer", targetId: answer.id, projectId: answer.projectId }));
      const { served, withheld } = await servablePatientText(app, actor, releases);
      await releasePatientText(app, actor, served);
      const lines = served.map(({ answer: a }) => `• ${a.createdAt.toISOString().slice(0, 16)} ${a.refusalReason}: ${a.question.slice(0, 120)}`);
      if (withheld.length) lines.push(`${withheld.length} refused question(s) withheld: the patient withdrew consent to AI analysis.`);
      return { blocks: [{ type: "text", text: lines.join("\n") || "No refusals recorded." }], data: served.map((r) => r.answer) };
    },
  }),
};

/**
 * `share channel <answer-id>` (the "Share with channel" button under an
 * answer shown only to its asker): shows the answer to the whole
 * conversation, if this conversation's policy allows every source it cites.
 * Only the asker can share their answer; both outcomes are audited.
 */
export const shareCommand: BuiltinCommand = {
  contribution: { id: "share", title: "Share an answer with the channel", roles: ["admin", "clinician", "patient"], usage: "share channel <answer-id>" },
  create: (app) => ({
    async run({ actor, projectId, args, visibility }) {
      const [where, answerId = ""] = args.trim().split(/\s+/);
      if (where !== "channel" || !answerId) throw new RoundsError("BAD_REQUEST", "Usage: share channel <answer-id>");
      const answer = await app.store.answers.getAnswer(actor.organizationId, answerId);
      if (!answer || answer.userId !== actor.userId) throw new RoundsError("NOT_FOUND", "No such answer of yours to share.");
      if (answer.projectId !== projectId) throw new RoundsError("FORBIDDEN", "That answer comes from another knowledge base than this conversation's, so it was not shared.");
      // Unrestricted: the release gate below refuses an answer quoting a restricted source to all but its custodian.
      const scope = { organizationId: actor.organizationId, projectId, reader: "unrestricted" as const };
      const chunks = await app.store.knowledge.getChunks(scope, answer.citations.map((c) => c.chunkId));
      await releasePatientText(app, actor, [answerRelease(answer, chunks)]);
      const documents = await Promise.all([...new Set(chunks.map((c) => c.documentId))].map((id) => app.store.knowledge.getDocument(scope, id)));
      // A public conversation may show only public documents and nothing about a patient, as its own answers would.
      const held = visibility === "public"
        ? answer.citations.filter((c) => {
          const doc = documents.find((d) => d?.id === c.documentId);
          return !doc || doc.visibility !== "public" || doc.patientId !== null;
        }).length + (answer.patientIds.length > 0 ? 1 : 0)
        : 0;
      const audit = { organizationId: actor.organizationId, actor, targetType: "answer", targetId: answer.id };
      if (held > 0) {
        await recordAudit(app, { ...audit, action: "answer.share_refused", details: { visibility, heldSources: held } });
        throw new RoundsError("FORBIDDEN", "This answer draws on material this channel's policy keeps private, so it was not shared. It stays visible only to you.");
      }
      await recordAudit(app, { ...audit, action: "answer.share", details: { visibility, sources: answer.citations.length } });
      const byId = new Map(chunks.map((c) => [c.id, c]));
      const sources = answer.citations.flatMap((c) => {
        const chunk = byId.get(c.chunkId);
        const locator = chunk && locatorOf(chunk);
        return chunk ? [{ n: c.n, title: chunk.documentTitle, ...(locator && { locator }) }] : [];
      });
      const blocks: MessageBlock[] = [{ type: "text", text: answer.text }];
      if (sources.length) blocks.push({ type: "sources", items: sources });
      blocks.push({ type: "text", text: `Question: ${answer.question.slice(0, 300)}`, tone: "muted" });
      return { blocks, data: { answerId: answer.id, shared: true } };
    },
  }),
};

/** Commands this domain contributes to every channel. */
export const answerCommands: BuiltinCommand[] = [askCommand, searchCommand, passageCommand, sourcesCommand, feedbackCommand, refusalsCommand, shareCommand];
