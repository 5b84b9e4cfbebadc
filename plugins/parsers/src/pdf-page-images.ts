import { ensurePdfjsNode20 } from "@rounds/core";
import { getResolvedPDFJS, type getDocumentProxy } from "unpdf";
import { encodePng, type Pixels } from "./png.ts";

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

ensurePdfjsNode20(); // pdf.js decodes images with a Node 22 method; without it scanned pages look empty on Node 20

// pdf.js ImageKind: 1 = 1 bit grey (packed, 1 = white), 2 = RGB, 3 = RGBA.
interface DecodedImage { data?: Uint8Array | Uint8ClampedArray; width: number; height: number; kind?: number }

function toPixels(img: DecodedImage): Pixels | undefined {
  const { data, width, height } = img;
  if (!data || !width || !height) return undefined;
  if (img.kind === 1) {
    const stride = Math.ceil(width / 8);
    const grey = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) grey[y * width + x] = (data[y * stride + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
    }
    return { data: grey, width, height, channels: 1 };
  }
  const channels = data.length / (width * height);
  return channels === 1 || channels === 3 || channels === 4 ? { data, width, height, channels } : undefined;
}

/**
 * The images painted on a page (a scanned page is one), in the order they
 * are painted, as PNGs. Small images (logos, rules) below `minPixels` are left out.
 */
export async function pageImages(pdf: PdfDocument, pageNumber: number, minPixels = 100_000): Promise<Uint8Array[]> {
  const page = await pdf.getPage(pageNumber);
  try {
    const ops = await page.getOperatorList();
    const { OPS } = await getResolvedPDFJS();
    const found: Pixels[] = [];
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
      const name = (ops.argsArray[i] as [string])[0];
      const objects = name.startsWith("g_") ? page.commonObjs : page.objs;
      const img = await new Promise<DecodedImage | undefined>((resolve) => { objects.get(name, resolve); });
      const pixels = img && toPixels(img);
      if (pixels && pixels.width * pixels.height >= minPixels) found.push(pixels);
    }
    return found.map(encodePng);
  } finally {
    page.cleanup();
  }
}
