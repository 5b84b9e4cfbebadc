import { crc32, deflateSync } from "node:zlib";

/** Raw pixels, 1 (grey), 3 (RGB) or 4 (RGBA) bytes a pixel, rows top to bottom. */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, "latin1");
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** A PNG of `pixels` (8 bits a channel, no filtering): how a page image is handed to an image parser. */
export function encodePng(p: Pixels): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(p.width, 0);
  header.writeUInt32BE(p.height, 4);
  header[8] = 8;
  header[9] = p.channels === 1 ? 0 : p.channels === 3 ? 2 : 6;
  const row = p.width * p.channels;
  const raw = Buffer.alloc((row + 1) * p.height);
  for (let y = 0; y < p.height; y++) raw.set(p.data.subarray(y * row, (y + 1) * row), y * (row + 1) + 1);
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}
