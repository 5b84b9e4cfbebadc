import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";

/** Chat and transcript speakers (#16, twelfth round), recall mode; texts written for this test, from no evaluation set. */
const clean = async (text: string) => (await new SafeHarborDeidentifier().deidentify(text)).text;

describe("chat speakers (recall mode)", () => {
  it("removes speakers that are given names, after any time stamp, with their other mentions and initials", async () => {
    const out = await clean("[07:50] hazel: bed 9 wants tea\n[07:51] priya m: ok\ntue 07:52 — hazel: tell priya thanks");
    for (const w of ["hazel", "priya", " m:"]) expect(out).not.toContain(w);
    expect(out).toContain("bed 9 wants tea");
  });

  it("removes a speaker in a chat in another language", async () => {
    const out = await clean("19:02 — dr. Rodrigo: sobe a dose\n19:03 — enf. Luana: ok, feito\n19:05 — dr. Rodrigo: obrigado");
    for (const w of ["Rodrigo", "Luana"]) expect(out).not.toContain(w);
  });

  it("keeps roles and a form label that is also a given name", async () => {
    const out = await clean("Nurse: any pain?\nPatient: a little\nNurse: ok\nWard: 7 West\nTown: Leeds");
    for (const w of ["Nurse", "Patient", "Ward"]) expect(out).toContain(w);
  });
});
