import { recordAudit } from "../audit/record-audit.ts";
import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { Role } from "../ports/index.ts";
import { releaseWorkspace, requireWorkspace } from "../tenancy/claim-workspace.ts";
import { inProjectScope, requireOrganizationWide } from "../tenancy/project-scope.ts";

const roles: Role[] = ["admin", "clinician", "patient", "auditor"];

/** `--name value` or `--flag` options out of command text. */
function options(args: string): { words: string[]; opts: Record<string, string | true> } {
  const words: string[] = [];
  const opts: Record<string, string | true> = {};
  const parts = args.match(/"[^"]*"|\S+/g) ?? [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!.replace(/^"|"$/g, "");
    if (p.startsWith("--")) {
      const next = parts[i + 1];
      if (next && !next.startsWith("--")) {
        opts[p.slice(2)] = next.replace(/^"|"$/g, "");
        i++;
      } else opts[p.slice(2)] = true;
    } else words.push(p);
  }
  return { words, opts };
}

const usersCommand: BuiltinCommand = {
  contribution: {
    id: "users", title: "People and their chat accounts", roles: ["admin"],
    usage: "users list [--role clinician|admin|patient|auditor] | users patients | users add <name> --role clinician|admin|patient|auditor [--email e] [--patient <patient-id>] | users link <user-id> <slack|teams|discord> <workspace-id> <chat-user-id> | users sign-on <user-id> <issuer-url> <subject> | users sign-on <user-id> --remove | users role <user-id> clinician|admin|auditor | users remove <user-id> | users patient <name> [--ref external-ref]",
    description: "Lists people, adds them, links their Slack/Teams/Discord accounts (so the bot knows who asks) and their single sign-on account (issuer + subject, for the admin page), changes roles, removes people (their keys and admin-page sessions end), and adds and lists patients.",
  },
  create: (app) => ({
    async run(invocation) {
      const { actor, args } = invocation;
      // People, roles and chat accounts belong to the organisation, not to one project.
      requireOrganizationWide(actor, "managing people");
      const { words, opts } = options(args);
      const sub = words.shift();
      if (sub === "list") {
        const role = opts.role === undefined ? undefined : roles.find((r) => r === opts.role);
        if (opts.role !== undefined && !role) throw new RoundsError("BAD_REQUEST", `Unknown role; use ${roles.join(", ")}.`);
        const people = (await app.store.identity.listUsers(actor.organizationId)).filter((u) => !role || u.role === role);
        // Names are shown to the organisation's admins only (this command's role); they are not logged.
        // The whole id: it is what users role|link|remove|sign-on take.
        const text = people.map((u) => `• ${u.id} ${u.role.padEnd(9)} ${u.displayName}${u.disabled ? " (disabled)" : ""}`).join("\n") || "No users yet.";
        return { blocks: [{ type: "text", text }], data: people };
      }
      if (sub === "add") {
        const name = words.join(" ");
        const role = roles.find((r) => r === opts.role);
        if (!name || !role) throw new RoundsError("BAD_REQUEST", "Usage: users add <name> --role clinician|admin|patient|auditor");
        const patientId = typeof opts.patient === "string" ? opts.patient : undefined;
        if (role === "patient" && (!patientId || !(await app.store.identity.getPatient(actor.organizationId, patientId)))) {
          throw new RoundsError("BAD_REQUEST", "A patient user needs --patient <patient-id> of a patient in your organisation.");
        }
        const user = await app.store.identity.createUser({ organizationId: actor.organizationId, role, displayName: name.slice(0, 120), ...(typeof opts.email === "string" && { email: opts.email }), ...(patientId && { patientId }) });
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "user.create", targetType: "user", targetId: user.id, details: { role } });
        return { blocks: [{ type: "text", text: `Added ${role} ${user.id}. Link their chat account with: users link ${user.id} <slack|teams|discord> <workspace-id> <chat-user-id>` }], data: user };
      }
      if (sub === "link") {
        const [userId, channel, workspaceId, chatUserId] = words;
        if (!userId || !channel || !workspaceId || !chatUserId) throw new RoundsError("BAD_REQUEST", "Usage: users link <user-id> <slack|teams|discord> <workspace-id> <chat-user-id>");
        const user = await app.store.identity.getUser(actor.organizationId, userId);
        if (!user) throw new RoundsError("NOT_FOUND", "No such user in your organisation.");
        // Only accounts of a workspace this organisation holds: another clinic's people stay theirs.
        await requireWorkspace(app, invocation, channel, workspaceId);
        await app.store.identity.linkChannelIdentity({ userId: user.id, organizationId: actor.organizationId, identity: { channel, workspaceId, userId: chatUserId } });
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "user.link_channel", targetType: "user", targetId: user.id, channel });
        return { blocks: [{ type: "text", text: `Linked: ${channel} account ${chatUserId} now acts as ${user.displayName} (${user.role}).` }] };
      }
      if (sub === "sign-on") {
        const [userId, issuer, subject] = words;
        const remove = opts.remove === true;
        if (!userId || (remove ? issuer !== undefined : !issuer || !subject || words.length !== 3)) {
          throw new RoundsError("BAD_REQUEST", "Usage: users sign-on <user-id> <issuer-url> <subject> | users sign-on <user-id> --remove");
        }
        const user = await app.store.identity.getUser(actor.organizationId, userId);
        if (!user) throw new RoundsError("NOT_FOUND", "No such user in your organisation.");
        if (remove) {
          const removed = await app.store.identity.unlinkSignOnIdentities(actor.organizationId, user.id);
          // Sessions opened through the removed link end with it.
          await app.store.identity.deleteSessionsOfUser(user.id);
          await recordAudit(app, { organizationId: actor.organizationId, actor, action: "user.unlink_sign_on", targetType: "user", targetId: user.id, details: { removed } });
          return { blocks: [{ type: "text", text: `${user.displayName} can no longer sign in with single sign-on (${removed} link(s) removed); their admin-page sessions ended.` }], data: { removed } };
        }
        if (!/^https?:\/\/\S+$/.test(issuer!) || subject!.length > 255) throw new RoundsError("BAD_REQUEST", "The issuer is the provider's issuer URL (https://…, exactly as in its ID tokens) and the subject at most 255 characters.");
        await app.store.identity.linkSignOnIdentity({ userId: user.id, organizationId: actor.organizationId, issuer: issuer!, subject: subject! });
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "user.link_sign_on", targetType: "user", targetId: user.id });
        return { blocks: [{ type: "text", text: `Linked: signing in at ${issuer} as ${subject} now opens the admin page as ${user.displayName} (${user.role}).` }] };
      }
      if (sub === "role" || sub === "remove") {
        const [userId, newRole] = words;
        const role = roles.find((r) => r === newRole && r !== "patient");
        if (!userId || (sub === "role" && !role)) throw new RoundsError("BAD_REQUEST", "Usage: users role <user-id> clinician|admin|auditor | users remove <user-id>");
        const user = await app.store.identity.getUser(actor.organizationId, userId);
        if (!user) throw new RoundsError("NOT_FOUND", "No such user in your organisation.");
        if (user.role === "patient") throw new RoundsError("BAD_REQUEST", "A patient user's role cannot change; remove them and add the person again.");
        const updated = await app.store.identity.updateUser(actor.organizationId, user.id, sub === "role" ? { role: role! } : { disabled: true });
        // Admin-page sessions end now (they would also fail their next check); a removed user's keys are revoked.
        await app.store.identity.deleteSessionsOfUser(user.id);
        const revoked = sub === "remove" ? await app.store.identity.revokeApiKeysOfUser(actor.organizationId, user.id, app.now()) : 0;
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: sub === "role" ? "user.role" : "user.remove", targetType: "user", targetId: user.id, details: sub === "role" ? { from: user.role, to: role } : { revokedKeys: revoked } });
        const text = sub === "role" ? `${user.displayName} is now ${role}; their admin-page sessions ended.` : `Removed ${user.displayName}: ${revoked} API key(s) revoked, admin-page sessions ended, chat accounts no longer act as them.`;
        return { blocks: [{ type: "text", text }], data: updated };
      }
      if (sub === "patients") {
        // The patients the organisation keeps (added by `users patient`), with the whole id that
        // ingest --patient, consent and notes take; a patient need not be a user who signs in.
        const patients = await app.store.identity.listPatients(actor.organizationId);
        const text = patients.map((p) => `• ${p.id} ${p.displayName}${p.externalRef ? ` (${p.externalRef})` : ""}`).join("\n") || "No patients yet. Add one with: users patient <name> [--ref external-ref]";
        return { blocks: [{ type: "text", text }], data: patients.map((p) => ({ id: p.id, displayName: p.displayName, externalRef: p.externalRef ?? null })) };
      }
      if (sub === "patient") {
        const name = words.join(" ");
        if (!name) throw new RoundsError("BAD_REQUEST", "Usage: users patient <name> [--ref external-ref]");
        const patient = await app.store.identity.createPatient({ organizationId: actor.organizationId, displayName: name.slice(0, 120), ...(typeof opts.ref === "string" && { externalRef: opts.ref }) });
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "patient.create", targetType: "patient", targetId: patient.id, patientId: patient.id });
        return { blocks: [{ type: "text", text: `Added patient ${patient.id}${patient.externalRef ? ` (${patient.externalRef})` : ""}.` }], data: patient };
      }
      throw new RoundsError("BAD_REQUEST", "Use users list, users patients, users add, users link, users sign-on, users role, users remove or users patient.");
    },
  }),
};

const channelsCommand: BuiltinCommand = {
  contribution: {
    id: "channels", title: "Connect chat conversations to this knowledge base", roles: ["admin"],
    usage: "channels bind <slack|teams|discord> <workspace-id> <conversation-id|*> [--admin] [--private] | channels release <slack|teams|discord> <workspace-id>",
    description: "Answers in that conversation come from this project; --admin makes dropped files ingest; --private allows patient material (never in public channels). release hands a workspace your organisation holds back (its bindings and linked chat accounts there end), so another organisation can claim it.",
  },
  create: (app) => ({
    async run(invocation) {
      const { actor, projectId, args } = invocation;
      const { words, opts } = options(args);
      const [sub, channel, workspaceId, conversationId] = words;
      if (sub === "release") {
        requireOrganizationWide(actor, "releasing a workspace");
        if (!channel || !workspaceId || conversationId) throw new RoundsError("BAD_REQUEST", "Usage: channels release <slack|teams|discord> <workspace-id>");
        const released = await releaseWorkspace(app, invocation, channel, workspaceId);
        return { blocks: [{ type: "text", text: `Released ${channel} workspace ${workspaceId}: ${released.bindings} binding(s) and ${released.identities} linked chat account(s) removed. Another organisation can now connect it, with proof from its installation.` }], data: released };
      }
      if (sub !== "bind" || !channel || !workspaceId || !conversationId) throw new RoundsError("BAD_REQUEST", "Usage: channels bind <slack|teams|discord> <workspace-id> <conversation-id|*> [--admin] [--private] | channels release <slack|teams|discord> <workspace-id>");
      // The project was checked to be this organisation's and within the caller's limit (runCommand); the workspace must be the organisation's too.
      await requireWorkspace(app, invocation, channel, workspaceId);
      // A key limited to one project cannot move a conversation another project holds into its own (its questions and files would follow).
      const existing = await app.store.tenancy.findChannelBinding(channel, workspaceId, conversationId);
      if (existing?.conversationId === conversationId && !inProjectScope(actor, existing.projectId)) {
        throw new RoundsError("FORBIDDEN", "That conversation is bound to another project; an organisation-wide admin can move it.", { details: { reason: "project_limited" } });
      }
      const binding = await app.store.tenancy.bindChannel({
        organizationId: actor.organizationId, projectId, channel, workspaceId, conversationId,
        visibility: opts.private ? "private" : "public", adminChannel: opts.admin === true,
      });
      await recordAudit(app, { organizationId: actor.organizationId, actor, action: "channel.bind", targetType: "channel_binding", targetId: binding.id, channel });
      return { blocks: [{ type: "text", text: `Bound ${channel} ${conversationId === "*" ? `workspace ${workspaceId}` : `conversation ${conversationId}`} to this knowledge base${binding.adminChannel ? " (admin channel: dropped files are ingested)" : ""}.` }], data: binding };
    },
  }),
};

/** Commands this domain contributes to every channel. */
export const identityCommands: BuiltinCommand[] = [usersCommand, channelsCommand];
