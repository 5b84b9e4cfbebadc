import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AppContext } from "../app/app-context.ts";
import { readLocalFile } from "./read-local-file.ts";

const MB = 1024 * 1024;
// Only the limits are read.
const app = { config: { limits: { maxUploadBytes: 2 * MB, maxAudioUploadBytes: 8 * MB } } } as unknown as AppContext;
const dir = mkdtempSync(join(tmpdir(), "rounds-read-local-"));

describe("readLocalFile", () => {
  it("refuses a file over the limit without reading it (memory stays bounded by the limit)", async () => {
    const path = join(dir, "huge.txt");
    writeFileSync(path, "# notes\n");
    truncateSync(path, 200 * MB); // sparse: 200 MB long, nothing on disk
    const before = process.memoryUsage().arrayBuffers;
    await expect(readLocalFile(app, path, "huge.txt")).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("200.0 MB; the limit is 2 MB") });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 * MB);
  });

  it("reads a file within the limit whole, and applies the recording limit to recordings", async () => {
    const text = join(dir, "ok.md");
    writeFileSync(text, Buffer.alloc(2 * MB, "a"));
    expect((await readLocalFile(app, text, "ok.md")).byteLength).toBe(2 * MB);
    const tooBig = join(dir, "big.md");
    writeFileSync(tooBig, Buffer.alloc(2 * MB + 1, "a"));
    await expect(readLocalFile(app, tooBig, "big.md")).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const wav = join(dir, "session.wav");
    const header = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WAVE")]);
    writeFileSync(wav, Buffer.concat([header, Buffer.alloc(5 * MB)]));
    expect((await readLocalFile(app, wav, "session.wav")).byteLength).toBe(5 * MB + 12);
  });
});
