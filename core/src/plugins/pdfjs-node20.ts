/**
 * pdf.js 5 (bundled by `unpdf`) hands decoded images over with
 * `ArrayBuffer.prototype.transferToFixedLength`, which Node 22 has and Node 20
 * lacks: without it every image operator fails, so a scanned page looks empty
 * to the PDF parser and renders blank. Every plugin that runs pdf.js calls
 * `ensurePdfjsNode20()` once before using it; a plugin may not import another
 * plugin, so the one shim lives here.
 */

/** `ArrayBuffer.prototype.transferToFixedLength` as a copy, which is equivalent for pdf.js (it never reads the source again). */
export function transferToFixedLengthByCopy(this: ArrayBuffer, length?: number): ArrayBuffer {
  const out = new ArrayBuffer(length ?? this.byteLength);
  new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(out.byteLength, this.byteLength)));
  return out;
}

/** Installs `transferToFixedLengthByCopy` where the runtime has no `transferToFixedLength`; does nothing on Node 22+. Idempotent. */
export function ensurePdfjsNode20(): void {
  if ("transferToFixedLength" in ArrayBuffer.prototype) return;
  Object.defineProperty(ArrayBuffer.prototype, "transferToFixedLength", { value: transferToFixedLengthByCopy });
}
