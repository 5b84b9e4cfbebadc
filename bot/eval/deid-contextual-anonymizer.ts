// `rounds deid --json` on the HELD-OUT part of the Contextual Text Anonymizer set's clinical-adjacent documents
// (synthetic, MIT, written by people outside this project; see plugins/deid/eval/README.md), scored by the shared
// score.py through plugins/deid/scripts/score-asq-phi.py (which adds the health-plan and unique-identifier types to
// score.py's Safe Harbor types). The rules were never tuned on this split: only the tune split's misses were read. It
// was scored once before #16's fifth round (0.928 / 0.812 / 2.0%) and once after it; the floors sit just under the
// after figures.
//
// The data is fetched from outside, and fetched data is never committed to this repository, so this is an evaluation
// command, not part of the test suite (which must run, and never skip, on a fresh clone):
//
//   node --conditions=rounds-source --import tsx bot/eval/deid-contextual-anonymizer.ts <folder with ca-heldout.json>
//
// It exits non-zero when the folder or the shared scorer is missing, or when any floor is not met.
import { evaluateHeldOut } from "./deid-outside.ts";

await evaluateHeldOut({
  command: "deid-contextual-anonymizer", file: "ca-heldout.json", count: 556,
  // Measured after #16's fifth round (shipped output): 0.928 (6517/7025), 0.812 (2080/2563), 0.43% (40/9259). Most of
  // what is left is kept by design: 318 of the 508 Safe Harbor tokens missed are titles ("Dr.", "Mr.") inside labelled
  // names and 119 are US state codes inside labelled addresses (Safe Harbor keeps states).
  // Every Safe Harbor type with 20+ spans; measured PERSON 0.854, full dates 0.979, e-mail 1.00, phone 0.985, street
  // address 0.860, health plan 1.00, unique identifier 0.956, account 0.920.
  floors: {
    recall: 0.925, spans: 0.808, overRedaction: 0.005,
    perType: {
      "PERSON": 0.85, "DATE_TIME (full date)": 0.975, "EMAIL_ADDRESS": 0.99, "PHONE_NUMBER": 0.98, "STREET_ADDRESS": 0.855,
      "HEALTH_PLAN_BENEFICIARY_NUMBER": 0.99, "UNIQUE_IDENTIFIER": 0.95, "CREDIT_CARD": 0.915,
    },
  },
  summary: (s) => `Contextual Anonymizer held-out: Safe Harbor token recall ${s.safe_harbor.token_recall.toFixed(3)}, spans fully removed ${s.safe_harbor.span_full_removal.toFixed(3)}, over-redaction ${(100 * s.over_redaction).toFixed(2)}%`,
});
