import { createTestStore, databaseTargets, type TestStore } from "../../src/testing.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, type AppContext, invalidateModelSelection, promoteModel, resolveAnswerModel, rollbackModel } from "@rounds/core";

for (const target of databaseTargets()) {
  describe(`model registry on ${target.name}`, () => {
    let ts: TestStore;
    let app: AppContext;
    let orgId: string;
    let projectId: string;
    let admin: Actor;
    beforeAll(async () => {
      ts = await createTestStore((await target.open()).url);
      app = { store: ts.store, config: { models: { answer: "base-chat" } } } as unknown as AppContext;
      const org = await ts.store.tenancy.createOrganization({ slug: "reg", name: "Reg" });
      const project = await ts.store.tenancy.createProject({ organizationId: org.id, slug: "k", name: "K", profile: { domain: "d", description: "d", seeds: [] } });
      orgId = org.id;
      projectId = project.id;
      admin = { userId: "00000000-0000-0000-0000-000000000001", organizationId: orgId, role: "admin" };
    });
    afterAll(async () => ts?.close());

    const scope = () => ({ organizationId: orgId, projectId });
    const ready = async () => ts.store.training.createModelVersion(scope(), { baseModel: "base", backend: "fake", status: "ready", artifact: { kind: "remote-model", modelId: "ft:x" } });

    it("numbers versions per scope and promotes with previous kept", async () => {
      const v1 = await ready();
      const v2 = await ready();
      expect([v1.version, v2.version]).toEqual([1, 2]);
      await promoteModel(app, admin, scope(), v1.id);
      const aliases = await promoteModel(app, admin, scope(), v2.id);
      expect(aliases.active?.id).toBe(v2.id);
      expect(aliases.previous?.id).toBe(v1.id);
      expect((await ts.store.training.getModelVersion(orgId, v1.id))?.status).toBe("deprecated");
      const back = await rollbackModel(app, admin, scope());
      expect(back.active?.id).toBe(v1.id);
      expect(back.previous?.id).toBe(v2.id);
    });

    it("refuses non-admins, other tenants and unready versions", async () => {
      const v = await ready();
      await expect(promoteModel(app, { ...admin, role: "clinician" }, scope(), v.id)).rejects.toThrow(/Only admins/);
      await expect(promoteModel(app, { ...admin, organizationId: "00000000-0000-0000-0000-0000000000ff" }, { organizationId: "00000000-0000-0000-0000-0000000000ff", projectId }, v.id)).rejects.toThrow(/not found/);
      const training = await ts.store.training.createModelVersion(scope(), { baseModel: "base", backend: "fake" });
      await expect(promoteModel(app, admin, scope(), training.id)).rejects.toThrow(/training and cannot be promoted/);
    });

    it("serialises concurrent promotions: exactly one wins the last word, aliases stay consistent", async () => {
      const vs = await Promise.all([ready(), ready(), ready(), ready()]);
      await Promise.all(vs.map((v) => promoteModel(app, admin, scope(), v.id)));
      const aliases = await ts.store.training.getAliases(scope());
      const versions = await ts.store.training.listModelVersions(scope());
      const active = versions.filter((v) => v.status === "active");
      expect(active).toHaveLength(1);
      expect(aliases.active?.id).toBe(active[0]!.id);
      expect(aliases.previous?.id).not.toBe(aliases.active?.id);
    });

    it("selects project alias, then organisation alias, then the configured model", async () => {
      invalidateModelSelection(orgId);
      const sel = await resolveAnswerModel(app, orgId, projectId);
      expect(sel.source).toBe("project");
      const other = await ts.store.tenancy.createProject({ organizationId: orgId, slug: "other", name: "O", profile: { domain: "d", description: "d", seeds: [] } });
      expect((await resolveAnswerModel(app, orgId, other.id)).source).toBe("configured");
      const orgVersion = await ts.store.training.createModelVersion({ organizationId: orgId, projectId: null }, { baseModel: "b", backend: "fake", status: "ready" });
      await promoteModel(app, admin, { organizationId: orgId, projectId: null }, orgVersion.id);
      const sel2 = await resolveAnswerModel(app, orgId, other.id);
      expect(sel2.source).toBe("organization");
      expect(sel2.version?.id).toBe(orgVersion.id);
    });
  });
}
