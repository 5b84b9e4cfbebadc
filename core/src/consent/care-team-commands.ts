import { recordAudit } from "../audit/record-audit.ts";
import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { splitArguments } from "../commands/split-arguments.ts";
import { RoundsError } from "../errors/index.ts";
import { assignCareTeam, listCareTeam, unassignCareTeam } from "./manage-care-team.ts";
import { resolvePatient } from "./resolve-patient.ts";

const usage = "care-team assign|unassign <patient> <user-id> | care-team list <patient> | care-team policy [required|off]";

/** `care-team`: who treats which patient, and whether this project requires it. */
const careTeamCommand: BuiltinCommand = {
  contribution: {
    id: "care-team", title: "Patients' care teams", roles: ["admin", "auditor"], usage,
    description: "Assigns clinicians to a patient's care team, removes them, lists the team, and shows or sets whether this project requires it (required unless set off): a clinician reaches a patient's material only while on their care team. Changes are audited and take effect at once.",
  },
  create: (app) => ({
    async run({ actor, projectId, args }) {
      const [sub = "", patientRef, userId] = splitArguments(args);
      if (sub === "policy") {
        const project = await app.store.tenancy.getProject(actor.organizationId, projectId);
        if (!project) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
        if (patientRef === undefined) {
          const policy = project.policy.careTeam ?? "required";
          return { blocks: [{ type: "text", text: `${project.slug}: care team ${policy}${policy === "required" ? " (a clinician reaches only the patients whose care team they are on)" : " (every clinician of the organisation reaches every consenting patient)"}.` }], data: { careTeam: policy } };
        }
        if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only an admin changes the care-team policy.");
        if (patientRef !== "required" && patientRef !== "off") throw new RoundsError("BAD_REQUEST", "Usage: care-team policy required|off");
        const updated = await app.store.tenancy.updateProjectPolicy(actor.organizationId, projectId, { careTeam: patientRef });
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "project.policy_update", targetType: "project", targetId: projectId, details: { careTeam: patientRef } });
        return { blocks: [{ type: "text", text: `${updated.slug}: care team ${patientRef}.` }], data: { careTeam: patientRef } };
      }
      if (!["assign", "unassign", "list"].includes(sub)) throw new RoundsError("BAD_REQUEST", `Use ${usage}.`);
      if (!patientRef) throw new RoundsError("BAD_REQUEST", `Name the patient: ${usage}`);
      const patientId = await resolvePatient(app, actor, patientRef);
      if (sub === "list") {
        const members = await listCareTeam(app, actor, patientId);
        const names = new Map((await app.store.identity.listUsers(actor.organizationId)).map((u) => [u.id, u.displayName]));
        const text = members.map((m) => `• ${names.get(m.userId) ?? "(unknown user)"} ${m.userId} since ${m.assignedAt.toISOString().slice(0, 10)}`).join("\n");
        return { blocks: [{ type: "text", text: text || "No one is on this patient's care team yet." }], data: members };
      }
      if (!userId) throw new RoundsError("BAD_REQUEST", `Name the clinician's user id: care-team ${sub} <patient> <user-id>`);
      if (sub === "assign") {
        const { member, created } = await assignCareTeam(app, actor, { patientId, userId });
        return { blocks: [{ type: "text", text: created ? "Added to the patient's care team." : "Already on the patient's care team." }], data: member };
      }
      const { removed } = await unassignCareTeam(app, actor, { patientId, userId });
      return { blocks: [{ type: "text", text: removed ? "Removed from the patient's care team; it takes effect at once." : "Was not on the patient's care team." }], data: { removed } };
    },
  }),
};

/** Commands this domain contributes to every channel. */
export const careTeamCommands: BuiltinCommand[] = [careTeamCommand];
