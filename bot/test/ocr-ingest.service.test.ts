// Scanned PDFs and images end to end on both tiers, with @rounds/plugin-ocr configured: upload → parse
// (pages without a text layer recognised by Tesseract) → approve → index → answers whose citations say
// the text was recognised ("p. 1 (OCR)"). The scans are rendered from a born-digital PDF with pdf.js.
import { type Actor, type RoundsConfigInput, answerQuestion, ingestFile, reviewDocument } from "@rounds/core";
import { pagesOfText, renderPage, scannedPdf, textPdf } from "@rounds/plugin-ocr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);

for (const target of appTargets()) {
  describe(`OCR ingest (${target.name})`, () => {
    let app: RoundsApp;
    let actor: Actor;
    let scope: { organizationId: string; projectId: string };

    beforeAll(async () => {
      const env: RoundsConfigInput = await target.environment();
      app = await startApp(env, { plugins: [...(env.plugins ?? defaultPlugins), "@rounds/plugin-ocr"] });
      const ws = await ensureWorkspace(app, { org: "clinic-ocr", project: "day-unit", domain: "sedation monitoring, controlled medicines and consent in a day unit" });
      actor = await localOperator(app, ws.organization.id);
      scope = { organizationId: ws.organization.id, projectId: ws.project.id };
    }, 60_000);
    afterAll(async () => app?.close());

    it("indexes a scanned PDF and a PNG by OCR and cites them as OCR", async () => {
      const source = await textPdf(pagesOfText.slice(0, 2));
      const scan = await scannedPdf([await renderPage(source, 1, 200), await renderPage(source, 2, 200)]);
      const image = await renderPage(await textPdf([pagesOfText[2]!]), 1, 200);
      const parseProgress: number[] = [];
      const stop = app.jobs.on((e) => {
        const p = e.type === "progress" ? (e.progress as { step?: string; fraction?: number }) : undefined;
        if (p?.step === "parse" && typeof p.fraction === "number") parseProgress.push(p.fraction);
      });
      const pdf = await ingestFile(app, { actor, projectId: scope.projectId, fileName: "day-unit-scan.pdf", bytes: scan });
      const png = await ingestFile(app, { actor, projectId: scope.projectId, fileName: "consent-photo.png", bytes: image });
      expect(png.document.mediaType).toBe("image/png");
      await waitForJobs(app);
      stop();
      // OCR progress fills the parse step (0.1 → 0.4), not just its start.
      expect(parseProgress.some((f) => f > 0.1 && f < 0.4)).toBe(true);
      expect(Math.max(...parseProgress)).toBeCloseTo(0.4);
      for (const d of [pdf, png]) {
        const doc = (await app.store.knowledge.getDocument(scope, d.document.id))!;
        expect(doc.status, doc.failureReason ?? "").not.toBe("failed");
        await reviewDocument(app, { actor, projectId: scope.projectId, documentId: d.document.id, action: "approve" });
      }
      await waitForJobs(app);
      expect((await app.store.knowledge.getDocument(scope, pdf.document.id))!.pageCount).toBe(2);

      const pdfChunks = await app.store.knowledge.listChunks(scope, pdf.document.id);
      expect(pdfChunks.map((c) => [c.page, c.ocr])).toEqual([[1, true], [2, true]]);
      const pngChunks = await app.store.knowledge.listChunks(scope, png.document.id);
      expect(pngChunks.length).toBeGreaterThan(0);
      expect(pngChunks.every((c) => c.ocr === true && c.page === undefined)).toBe(true);

      const answer = await answerQuestion(app, { actor, projectId: scope.projectId, question: "How often is blood pressure recorded after sedation?", visibility: "private" });
      expect(answer.kind).toBe("extractive");
      expect(answer.text).toContain("fifteen minutes");
      const cited = answer.sources.find((s) => s.documentId === pdf.document.id);
      expect(cited?.locator).toBe("p. 1 (OCR)");

      const consent = await answerQuestion(app, { actor, projectId: scope.projectId, question: "Can a patient withdraw consent to treatment?", visibility: "private" });
      expect(consent.sources.find((s) => s.documentId === png.document.id)?.locator).toBe("OCR");
    }, 300_000);
  });
}
