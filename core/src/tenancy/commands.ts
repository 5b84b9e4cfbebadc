import { recordAudit } from "../audit/record-audit.ts";
import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { splitArguments } from "../commands/split-arguments.ts";
import { RoundsError } from "../errors/index.ts";

/** The description a profile gets from its domain when none is given (as `rounds init` writes it). */
export const describeDomain = (domain: string): string =>
  `Clinical guidance, protocols and session material on ${domain}: indications, dosing, monitoring, safety, contraindications, consent and integration.`;

/** `project`: what the knowledge base is about, after `rounds init` too. */
export const projectCommand: BuiltinCommand = {
  contribution: {
    id: "project", title: "This knowledge base's domain", roles: ["admin"],
    usage: "project show | project domain \"<what it is about>\" [\"<description>\"]",
    description: "Shows or changes the domain the relevance check compares new documents with; documents already judged keep their verdict (approve or reject them with docs).",
  },
  create: (app) => ({
    async run({ actor, projectId, args }) {
      const [sub = "show", domain, description] = splitArguments(args);
      const project = await app.store.tenancy.getProject(actor.organizationId, projectId);
      if (!project) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
      if (sub === "show") {
        return { blocks: [{ type: "text", text: `${project.slug}: ${project.profile.domain}\n${project.profile.description}` }], data: project.profile };
      }
      if (sub !== "domain") throw new RoundsError("BAD_REQUEST", "Use project show or project domain \"<what it is about>\".");
      if (!domain?.trim()) throw new RoundsError("BAD_REQUEST", "Usage: project domain \"<what it is about>\" [\"<description>\"]");
      const profile = { ...project.profile, domain: domain.trim().slice(0, 200), description: (description?.trim() || describeDomain(domain.trim())).slice(0, 2000) };
      const updated = await app.store.tenancy.updateProjectProfile(actor.organizationId, projectId, profile);
      await recordAudit(app, { organizationId: actor.organizationId, actor, action: "project.profile_update", targetType: "project", targetId: projectId });
      return { blocks: [{ type: "text", text: `${updated.slug} is now about ${updated.profile.domain}; new documents are judged against it.` }], data: updated.profile };
    },
  }),
};

export const tenancyCommands: BuiltinCommand[] = [projectCommand];
