import { type Actor, answerQuestion, type Evidence, ingestFile, type RoundsConfigInput } from "@rounds/core";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { localOperator } from "../../src/cli/local-operator.ts";
import { ensureWorkspace } from "../../src/cli/workspace.ts";
import { approveIngested } from "./approve-ingested.ts";
import { startApp } from "./test-app.ts";

/** A small knowledge base written for a test: its pages ingested, approved and indexed on the embedded tier (in memory). */
export interface PagesBase {
  app: RoundsApp;
  actor: Actor;
  projectId: string;
  /** Asks through the real ask path, with the evidence the answer was judged on (every figure computed: `fullEvidence`, the tests measure the figures themselves) and the first passage's title. */
  ask(question: string): Promise<{ kind: string; evidence: Evidence; first?: string }>;
}

export async function startPagesBase(pages: Record<string, string>, names: { org: string; project: string }, extra: Partial<RoundsConfigInput> = {}): Promise<PagesBase> {
  const app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-${names.org}-${process.pid}`, ...extra });
  const ws = await ensureWorkspace(app, { org: names.org, project: names.project, domain: "health information" });
  const actor = await localOperator(app, ws.organization.id);
  const projectId = ws.project.id;
  for (const [file, text] of Object.entries(pages)) await ingestFile(app, { actor, projectId, fileName: file, bytes: new TextEncoder().encode(text) });
  await approveIngested(app, actor, projectId);
  return {
    app,
    actor,
    projectId,
    async ask(question) {
      let evidence: Evidence | undefined;
      let first: string | undefined;
      const r = await answerQuestion(app, { actor, projectId, question, visibility: "private", fullEvidence: true, onRetrieved: (p, e) => { evidence = e; first = p[0]?.title; } });
      return { kind: r.kind, evidence: evidence!, ...(first && { first }) };
    },
  };
}
