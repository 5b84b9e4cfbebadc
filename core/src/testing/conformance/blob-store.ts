import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { collect } from "../../blob/blob-key.ts";
import { RoundsError } from "../../errors/index.ts";
import type { BlobStore } from "../../ports/index.ts";

/** Every BlobStore implementation runs this suite. */
export function describeBlobStoreConformance(name: string, create: () => Promise<BlobStore> | BlobStore): void {
  describe(`BlobStore conformance: ${name}`, () => {
    it("stores bytes and streams them back with size, sha256 and content type", async () => {
      const store = await create();
      const bytes = new TextEncoder().encode("hello blob");
      const info = await store.put("a/b/hello.txt", bytes, { contentType: "text/plain" });
      expect(store.specificationVersion).toBe("v1");
      expect(info).toMatchObject({ key: "a/b/hello.txt", size: 10, contentType: "text/plain" });
      expect(info.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(Buffer.from(await collect(await store.get("a/b/hello.txt"))).toString()).toBe("hello blob");
      expect(await store.head("a/b/hello.txt")).toMatchObject({ size: 10, sha256: info.sha256 });
    });

    it("accepts a stream body and overwrites the same key", async () => {
      const store = await create();
      const big = Buffer.alloc(3 * 1024 * 1024 + 7, 7);
      await store.put("s/x.bin", Buffer.from("old"));
      const info = await store.put("s/x.bin", Readable.from([big.subarray(0, 1_000_000), big.subarray(1_000_000)]));
      expect(info.size).toBe(big.length);
      expect((await collect(await store.get("s/x.bin"))).byteLength).toBe(big.length);
    });

    it("lists by prefix in order and deletes", async () => {
      const store = await create();
      await store.put("l/2.txt", Buffer.from("2"));
      await store.put("l/1.txt", Buffer.from("1"));
      await store.put("m/3.txt", Buffer.from("3"));
      const keys: string[] = [];
      for await (const k of store.list("l/")) keys.push(k);
      expect(keys).toEqual(["l/1.txt", "l/2.txt"]);
      await store.delete("l/1.txt");
      await store.delete("l/1.txt");
      expect(await store.head("l/1.txt")).toBeUndefined();
    });

    it("answers NOT_FOUND for a missing key and rejects keys that escape", async () => {
      const store = await create();
      const missing = await store.get("nope/none").catch((e: unknown) => e);
      expect(RoundsError.isInstance(missing) && missing.code).toBe("NOT_FOUND");
      for (const bad of ["../etc/passwd", "/abs", "a//b", "a/../b", ""]) {
        await expect(store.put(bad, Buffer.from("x"))).rejects.toThrow(/Invalid blob key/);
      }
    });
  });
}
