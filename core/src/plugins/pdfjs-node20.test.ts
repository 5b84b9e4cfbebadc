import { describe, expect, it } from "vitest";
import { ensurePdfjsNode20, transferToFixedLengthByCopy } from "./pdfjs-node20.ts";

describe("ensurePdfjsNode20", () => {
  it("copies the bytes, truncating or zero-filling to the asked length", () => {
    const source = new Uint8Array([1, 2, 3, 4]).buffer;
    expect([...new Uint8Array(transferToFixedLengthByCopy.call(source))]).toEqual([1, 2, 3, 4]);
    expect([...new Uint8Array(transferToFixedLengthByCopy.call(source, 2))]).toEqual([1, 2]);
    expect([...new Uint8Array(transferToFixedLengthByCopy.call(source, 6))]).toEqual([1, 2, 3, 4, 0, 0]);
  });

  it("leaves ArrayBuffer with a transferToFixedLength that gives the same bytes, and can be called twice", () => {
    ensurePdfjsNode20();
    ensurePdfjsNode20();
    const transfer = (ArrayBuffer.prototype as { transferToFixedLength?: (this: ArrayBuffer, length?: number) => ArrayBuffer }).transferToFixedLength;
    expect(typeof transfer).toBe("function");
    const out = transfer!.call(new Uint8Array([9, 8, 7]).buffer, 2);
    expect([...new Uint8Array(out)]).toEqual([9, 8]);
  });
});
