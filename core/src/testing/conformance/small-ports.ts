import { describe, expect, it } from "vitest";
import { RoundsError } from "../../errors/index.ts";
import type {
  Channel, Classifier, Deidentifier, InboundEvent, Parser, ParseInput, Trainer, Transcriber,
} from "../../ports/index.ts";
import { placeholderNumbering } from "../../ports/index.ts";

/** Every Classifier: an on-topic text scores above an off-topic one, with a reason. */
export function describeClassifierConformance(name: string, create: () => Promise<Classifier> | Classifier): void {
  describe(`Classifier conformance: ${name}`, () => {
    it("scores on-topic above off-topic and explains", async () => {
      const c = await create();
      const profile = {
        name: "ketamine-assisted therapy",
        description: "Clinical guidance on ketamine-assisted psychotherapy: dosing, monitoring, contraindications, consent and integration sessions.",
        seeds: ["Ketamine dosing for treatment-resistant depression starts at 0.5 mg/kg infused over 40 minutes with blood pressure monitoring."],
      };
      const on = await c.classify({ profile, text: "Before each ketamine session, check blood pressure; contraindications include uncontrolled hypertension. Dosing follows the infusion protocol." });
      const off = await c.classify({ profile, text: "The quarterly parking permit renewal opens on Monday. Bring your vehicle registration to the front desk." });
      expect(on.verdict).toBe("relevant");
      expect(off.verdict).toBe("irrelevant");
      expect(on.score).toBeGreaterThan(off.score);
      expect(on.reason.length).toBeGreaterThan(0);
    });
  });
}

/** Every Deidentifier: finds an email and a gazetteer name; output no longer contains them. */
export function describeDeidentifierConformance(name: string, create: () => Promise<Deidentifier> | Deidentifier): void {
  describe(`Deidentifier conformance: ${name}`, () => {
    it("removes emails and gazetteer names, reports spans in order", async () => {
      const d = await create();
      const text = "Met with Zorblat Quixano today; reach her at zq@example.org.";
      const r = await d.deidentify(text, { gazetteer: ["Zorblat Quixano"] });
      expect(r.text).not.toContain("Zorblat");
      expect(r.text).not.toContain("zq@example.org");
      expect(r.spans.map((s) => s.type)).toEqual(expect.arrayContaining(["NAME", "EMAIL"]));
      const starts = r.spans.map((s) => s.start);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    });

    it("numbers placeholders once across the calls that share a numbering: one identifier, one number; two, two", async () => {
      const d = await create();
      const numbering = placeholderNumbering();
      const first = await d.deidentify("Write to zq@example.org today.", { operator: "placeholder", numbering });
      const second = await d.deidentify("Not ab@example.net but zq@example.org.", { operator: "placeholder", numbering });
      const tags = (t: string) => t.match(/\[[A-Z_]+\d*\]/g) ?? [];
      expect(tags(first.text)).toHaveLength(1);
      expect(tags(second.text)).toHaveLength(2);
      expect(tags(second.text)[1]).toBe(tags(first.text)[0]);
      expect(tags(second.text)[0]).not.toBe(tags(first.text)[0]);
      // Without a shared numbering each call starts again: the first placeholder of the second text repeats the first text's.
      const alone = await d.deidentify("Not ab@example.net but zq@example.org.", { operator: "placeholder" });
      expect(tags(alone.text)[0]).toBe(tags(first.text)[0]);
    });
  });
}

/** Every Transcriber returns ordered segments with text and timing. */
export function describeTranscriberConformance(name: string, create: () => Promise<Transcriber> | Transcriber, audio: () => Promise<{ audio: Uint8Array; mediaType: string }>): void {
  describe(`Transcriber conformance: ${name}`, () => {
    it("returns ordered, timed segments", async () => {
      const t = await create();
      const r = await t.transcribe(await audio());
      expect(r.segments.length).toBeGreaterThan(0);
      for (const s of r.segments) {
        expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
        expect(s.text.trim().length).toBeGreaterThan(0);
      }
    });
  });
}

/** Every Trainer: submit, poll to a terminal state, cancel. */
export function describeTrainerConformance(name: string, create: () => Promise<Trainer> | Trainer, submission: () => Promise<Parameters<Trainer["submit"]>[0]>): void {
  describe(`Trainer conformance: ${name}`, () => {
    it("submits and reaches succeeded with a result", async () => {
      const t = await create();
      const { externalId } = await t.submit(await submission());
      let status = await t.status(externalId);
      for (let i = 0; i < 50 && !["succeeded", "failed", "cancelled"].includes(status.state); i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = await t.status(externalId);
      }
      expect(status.state).toBe("succeeded");
      expect(status.result).toBeDefined();
    });
    it("cancels a job", async () => {
      const t = await create();
      const { externalId } = await t.submit(await submission());
      await t.cancel(externalId);
      let status = await t.status(externalId);
      for (let i = 0; i < 50 && status.state !== "cancelled"; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = await t.status(externalId);
      }
      expect(status.state).toBe("cancelled");
    });
  });
}

/** Every Parser: its happy fixture yields sections; garbage fails with PARSE_FAILED and a reason. */
export function describeParserConformance(name: string, create: () => Promise<Parser> | Parser, fixtures: { good: ParseInput; bad: ParseInput }): void {
  describe(`Parser conformance: ${name}`, () => {
    it("parses its fixture into non-empty sections", async () => {
      const p = await create();
      expect(p.mediaTypes).toContain(fixtures.good.mediaType);
      const doc = await p.parse(fixtures.good);
      expect(doc.sections.length).toBeGreaterThan(0);
      expect(doc.sections.every((s) => s.text.trim().length > 0)).toBe(true);
    });
    it("fails a bad file with PARSE_FAILED and a reason", async () => {
      const p = await create();
      const e = await p.parse(fixtures.bad).catch((x: unknown) => x);
      expect(RoundsError.isInstance(e) && e.code).toBe("PARSE_FAILED");
      expect((e as RoundsError).details?.reason).toMatch(/corrupt|encrypted|empty|no_text_layer|unsupported|too_large/);
    });
  });
}

/**
 * Every Channel: `drive` delivers an event through the channel's real wire
 * format and returns the texts the channel posted back.
 */
export function describeChannelConformance(
  name: string,
  create: () => Promise<{ channel: Channel; drive: (event: InboundEvent) => Promise<string[]>; close: () => Promise<void> }>,
): void {
  describe(`Channel conformance: ${name}`, () => {
    it("hands a message to the handler and renders the reply", async () => {
      const { channel, drive, close } = await create();
      try {
        await channel.start({
          async handle(event, reply) {
            if (event.type === "message") await reply.send({ blocks: [{ type: "text", text: `echo: ${event.text}` }] });
          },
        });
        const texts = await drive({
          type: "message", eventId: "e1", text: "hello", mentioned: true,
          identity: { channel: channel.id, workspaceId: "w1", userId: "u1" }, conversation: { id: "c1", kind: "dm" },
        });
        expect(texts.join("\n")).toContain("echo: hello");
      } finally {
        await channel.stop();
        await close();
      }
    });
  });
}
