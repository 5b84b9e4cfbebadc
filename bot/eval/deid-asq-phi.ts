// `rounds deid --json` on the HELD-OUT part of ASQ-PHI (synthetic clinical queries with HIPAA Safe
// Harbor labels, MIT, written by people outside this project; see plugins/deid/eval/README.md),
// scored by the shared score.py through plugins/deid/scripts/score-asq-phi.py. The rules were never
// tuned on this split: only the tune split's misses were read. It was scored once before the
// fourth round's rule changes (0.811 / 0.708 / 0.8%), once after them (0.929 / 0.873 / 0.32%) and a
// third time after the fifth round (0.950 / 0.905 / 0.32%), a fourth after the sixth (0.954 / 0.914 / 0.32%) and a fifth
// after the seventh, rules frozen at 55b3aea (0.969 / 0.952 / 0.49%: recall mode now takes the honorific with a name and
// the state code after a town, which this set labels inside the identifier); the floors sit just under the fifth (a fifth
// look at a split is weak evidence: the Contextual Anonymizer's and blind-4's are stronger). A sixth after the eighth round,
// rules frozen at 5f0baa2: 0.969 / 0.952 / 0.48%, unchanged.
//
// The data is fetched from outside, and fetched data is never committed to this repository, so this
// is an evaluation command, not part of the test suite (which must run, and never skip, on a fresh
// clone):
//
//   node --conditions=rounds-source --import tsx bot/eval/deid-asq-phi.ts <folder with asq-phi-heldout.json>
//
// It exits non-zero when the folder or the shared scorer is missing, or when any floor is not met.
import { evaluateHeldOut } from "./deid-outside.ts";

await evaluateHeldOut({
  command: "deid-asq-phi", file: "asq-phi-heldout.json", count: 700,
  // Measured after #16's fifth round (shipped output, numbered placeholders): 0.950 (4821/5077), 0.905 (1812/2002), 0.32% (43/13549);
  // after the sixth round (its fourth scoring): 0.954 (4841/5077), 0.914 (1829/2002), 0.32%; after the seventh (its fifth):
  // 0.969 (4919/5077), 0.952 (1905/2002), 0.49%; GPE 0.923, PERSON 0.993, DATE 0.989, MRN 0.997, health plan 0.992, phone 1.00,
  // SSN 1.00; identifier-free queries changed 7/139.
  // Every Safe Harbor type with 20+ spans; measured GPE 0.911 (0.898 before the sixth round), PERSON 0.940, DATE 0.989, MRN 0.997,
  // health plan 0.992, phone 1.00, SSN 1.00.
  floors: {
    recall: 0.966, spans: 0.948, overRedaction: 0.0055,
    perType: {
      "GPE (city/town)": 0.918, "PERSON": 0.99, "DATE_TIME (full date)": 0.985, "MEDICAL_RECORD_NUMBER": 0.99,
      "HEALTH_PLAN_BENEFICIARY_NUMBER": 0.985, "PHONE_NUMBER": 0.99, "US_SSN": 0.99,
    },
  },
  // ASQ-PHI's own utility figure: queries with no identifier that come back changed. Measured 7 of 139.
  extra: (samples, out, failures) => {
    const negatives = samples.map((x, i) => [x, out[i]] as const).filter(([x]) => x.spans.length === 0);
    const changed = negatives.filter(([x, o]) => o !== x.full_text).length;
    if (changed > 8) failures.push(`${changed} of ${negatives.length} identifier-free queries changed (floor 8)`);
    return `, identifier-free queries changed ${changed}/${negatives.length}`;
  },
  summary: (s, extra) => `ASQ-PHI held-out: Safe Harbor token recall ${s.safe_harbor.token_recall.toFixed(3)}, spans fully removed ${s.safe_harbor.span_full_removal.toFixed(3)}, over-redaction ${(100 * s.over_redaction).toFixed(2)}%${extra}`,
});
