// Runs the blob-store conformance suite against a real S3 protocol server:
// s3rver (npm), started on loopback by the suite itself.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeBlobStoreConformance } from "@rounds/core/testing";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3BlobStore } from "./s3-blob-store.ts";

let endpoint = "";
let server: { close(): Promise<void> } | undefined;
let bucketSeq = 0;

beforeAll(async () => {
  const instance = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: mkdtempSync(join(tmpdir(), "s3rver-")) });
  const { port } = (await instance.run()) as { port: number };
  server = instance;
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => server?.close());

async function freshStore(): Promise<S3BlobStore> {
  const bucket = `rounds-test-${process.pid}-${bucketSeq++}`;
  const store = new S3BlobStore({ bucket, endpoint, forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER", prefix: "tenant-a" });
  await store.client.send(new CreateBucketCommand({ Bucket: bucket }));
  return store;
}

describeBlobStoreConformance("S3 (s3rver)", freshStore);

describe("S3BlobStore", () => {
  it("presigns a GET URL that downloads the object without credentials", async () => {
    const store = await freshStore();
    await store.put("docs/a.txt", Buffer.from("presigned content"), { contentType: "text/plain" });
    const url = await store.presignGet("docs/a.txt", 60);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("presigned content");
  });

  it("keeps keys under its prefix", async () => {
    const store = await freshStore();
    await store.put("x/1.txt", Buffer.from("1"));
    const keys: string[] = [];
    for await (const k of store.list("x/")) keys.push(k);
    expect(keys).toEqual(["x/1.txt"]);
  });
});
