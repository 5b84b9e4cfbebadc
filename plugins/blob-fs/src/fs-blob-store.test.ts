import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describeBlobStoreConformance } from "@rounds/core/testing";
import { describe, expect, it } from "vitest";
import { FsBlobStore } from "./fs-blob-store.ts";

describeBlobStoreConformance("local folder", () => new FsBlobStore(mkdtempSync(join(tmpdir(), "rounds-blob-"))));

describe("FsBlobStore", () => {
  it("leaves the previous content intact when a write fails midway", async () => {
    const root = mkdtempSync(join(tmpdir(), "rounds-blob-"));
    const store = new FsBlobStore(root);
    await store.put("k/doc.pdf", Buffer.from("original"));
    const failing = new Readable({
      read() {
        this.push(Buffer.from("partial"));
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(store.put("k/doc.pdf", failing)).rejects.toThrow(/connection reset/);
    const back: Buffer[] = [];
    for await (const c of await store.get("k/doc.pdf")) back.push(c as Buffer);
    expect(Buffer.concat(back).toString()).toBe("original");
    expect(readdirSync(join(root, "tmp"))).toEqual([]);
  });
});
