import { recordAudit } from "../audit/record-audit.ts";
import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { splitArguments } from "../commands/split-arguments.ts";
import { RoundsError } from "../errors/index.ts";
import { rejudgeDocuments } from "../ingest/rejudge-documents.ts";
import { describeDomain } from "./default-domain.ts";

const usage = "project show | project domain \"<what it is about>\" [\"<description>\"] | project threshold <0-1|default> | project rejudge";

/** `project`: what the knowledge base is about and how relevant a document must be, after `rounds init` too. */
const projectCommand: BuiltinCommand = {
  contribution: {
    id: "project", title: "This knowledge base's domain", roles: ["admin"], usage,
    description: "Shows or changes the domain and relevance threshold new documents are judged against; rejudge judges the pending and irrelevant ones again under them (approved and rejected documents keep the admin's decision).",
  },
  create: (app) => ({
    async run({ actor, projectId, args }) {
      const [sub = "show", value, description] = splitArguments(args);
      const project = await app.store.tenancy.getProject(actor.organizationId, projectId);
      if (!project) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
      const audit = (action: string) => recordAudit(app, { organizationId: actor.organizationId, actor, action, targetType: "project", targetId: projectId });
      const thresholdText = (t: number | undefined) => (t === undefined ? "the classifier's default" : `${t} (this project)`);
      if (sub === "show") {
        const text = `${project.slug}: ${project.profile.domain}\n${project.profile.description}\nRelevance threshold: ${thresholdText(project.profile.relevanceThreshold)}`;
        return { blocks: [{ type: "text", text }], data: project.profile };
      }
      if (sub === "domain") {
        if (!value?.trim()) throw new RoundsError("BAD_REQUEST", "Usage: project domain \"<what it is about>\" [\"<description>\"]");
        const profile = { ...project.profile, domain: value.trim().slice(0, 200), description: (description?.trim() || describeDomain(value.trim())).slice(0, 2000) };
        const updated = await app.store.tenancy.updateProjectProfile(actor.organizationId, projectId, profile);
        await audit("project.profile_update");
        return { blocks: [{ type: "text", text: `${updated.slug} is now about ${updated.profile.domain}; new documents are judged against it (project rejudge judges the pending and irrelevant ones again).` }], data: updated.profile };
      }
      if (sub === "threshold") {
        const threshold = value === "default" ? undefined : Number(value);
        if (value === undefined || (threshold !== undefined && (!/^\d*\.?\d+$/.test(value) || threshold > 1))) {
          throw new RoundsError("BAD_REQUEST", "Usage: project threshold <a number from 0 to 1, e.g. 0.15> or project threshold default.");
        }
        const { relevanceThreshold: _old, ...rest } = project.profile;
        const updated = await app.store.tenancy.updateProjectProfile(actor.organizationId, projectId, threshold === undefined ? rest : { ...rest, relevanceThreshold: threshold });
        await audit("project.profile_update");
        return { blocks: [{ type: "text", text: `${updated.slug}: relevance threshold is now ${thresholdText(updated.profile.relevanceThreshold)}; new documents are judged with it (project rejudge judges the pending and irrelevant ones again).` }], data: updated.profile };
      }
      if (sub === "rejudge") {
        const outcome = await rejudgeDocuments(app, actor.organizationId, project);
        await audit("documents.rejudged");
        const text = outcome.judged === 0
          ? "No pending or irrelevant documents to judge again."
          : `Judged ${outcome.judged} document(s) again: ${outcome.nowRelevant} now relevant (pending your approval), ${outcome.nowIrrelevant} now irrelevant, the rest unchanged.`;
        return { blocks: [{ type: "text", text }], data: outcome };
      }
      throw new RoundsError("BAD_REQUEST", `Use ${usage}.`);
    },
  }),
};

export const tenancyCommands: BuiltinCommand[] = [projectCommand];
