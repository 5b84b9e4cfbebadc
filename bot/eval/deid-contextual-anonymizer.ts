// `rounds deid --json` on the HELD-OUT part of the Contextual Text Anonymizer set's clinical-adjacent documents
// (synthetic, MIT, written by people outside this project; see plugins/deid/eval/README.md), scored by the shared
// score.py through plugins/deid/scripts/score-asq-phi.py (which adds the health-plan and unique-identifier types to
// score.py's Safe Harbor types). The rules were never tuned on this split: only the tune split's misses were read. It
// was scored once before #16's fifth round (0.928 / 0.812 / 2.0%), once after it (0.928 / 0.812 / 0.43%), once after the
// sixth (unchanged), a fourth time after the seventh, rules frozen at 55b3aea (0.990 / 0.982 / 0.65%), and a fifth after
// the eighth, rules frozen at 5f0baa2 (0.990 / 0.982 / 0.59%; none of the eighth round's changes was chosen on it); the floors sit
// just under the fourth.
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
  // After the seventh round, recall mode takes an honorific with the name after it and a state code after a removed town
  // (beyond Safe Harbor, by policy): 0.990 (6955/7025), 0.982 (2518/2563), 0.65% (60/9259); PERSON 0.998, full dates 0.979,
  // e-mail 1.00, phone 0.985, street address 1.00, health plan 1.00, unique identifier 0.965, account 0.920. With the 318
  // titles and 122 state codes taken out of the gold (Safe Harbor alone): 0.989.
  floors: {
    recall: 0.987, spans: 0.978, overRedaction: 0.0075,
    perType: {
      "PERSON": 0.995, "DATE_TIME (full date)": 0.975, "EMAIL_ADDRESS": 0.99, "PHONE_NUMBER": 0.98, "STREET_ADDRESS": 0.99,
      "HEALTH_PLAN_BENEFICIARY_NUMBER": 0.99, "UNIQUE_IDENTIFIER": 0.96, "CREDIT_CARD": 0.915,
    },
  },
  summary: (s) => `Contextual Anonymizer held-out: Safe Harbor token recall ${s.safe_harbor.token_recall.toFixed(3)}, spans fully removed ${s.safe_harbor.span_full_removal.toFixed(3)}, over-redaction ${(100 * s.over_redaction).toFixed(2)}%`,
});
