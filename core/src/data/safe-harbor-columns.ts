import { RoundsError } from "../errors/index.ts";

/**
 * The HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)(i), A–R) as column
 * name patterns. A column of a patient view (or of a patient-linked table)
 * whose name matches one is refused before any view is generated.
 */
export const SAFE_HARBOR_COLUMNS: ReadonlyArray<{ identifier: string; pattern: RegExp }> = [
  { identifier: "A names", pattern: /(^|_)(names?|surname|initials?|nickname|maiden|forename)(_|$)/ },
  { identifier: "B geography finer than state", pattern: /(^|_)(street|address|addr|line1|line2|city|town|county|district|suburb|zip|zipcode|postcode|postal|precinct|lat|latitude|lon|lng|longitude|geo|geocode|location)(_|$)/ },
  { identifier: "C dates of the individual (birth, admission, discharge, death)", pattern: /(^|_)(dob|birth|birthday|born|birthdate|admission|admitted|discharge|discharged|death|died|deceased)(_|$)/ },
  { identifier: "D telephone numbers", pattern: /(^|_)(phone|telephone|tel|mobile|cell)(_|$)/ },
  { identifier: "E fax numbers", pattern: /(^|_)fax(_|$)/ },
  { identifier: "F email addresses", pattern: /(^|_)(email|e_mail|mail)(_|$)/ },
  { identifier: "G social security numbers", pattern: /(^|_)(ssn|social|sin|nhs|medicare)(_|$)/ },
  { identifier: "H medical record numbers", pattern: /(^|_)(mrn|record|chart)(_|$)/ },
  { identifier: "I health plan beneficiary numbers", pattern: /(^|_)(insurance|insurer|plan|member|beneficiary|policy)(_|$)/ },
  { identifier: "J account numbers", pattern: /(^|_)(account|acct|iban|card)(_|$)/ },
  { identifier: "K certificate or licence numbers", pattern: /(^|_)(license|licence|certificate|passport)(_|$)/ },
  { identifier: "L vehicle identifiers", pattern: /(^|_)(vehicle|vin|plate)(_|$)/ },
  { identifier: "M device identifiers and serial numbers", pattern: /(^|_)(device|serial|imei|udi)(_|$)/ },
  { identifier: "N web URLs", pattern: /(^|_)(url|website|homepage)(_|$)/ },
  { identifier: "O IP addresses", pattern: /(^|_)(ip|ipv4|ipv6)(_|$)/ },
  { identifier: "P biometric identifiers", pattern: /(^|_)(fingerprint|biometric|voiceprint|retina|iris_scan)(_|$)/ },
  { identifier: "Q full-face photographs", pattern: /(^|_)(photo|photograph|image|picture|avatar)(_|$)/ },
  { identifier: "R any other unique identifying number or code", pattern: /(^|_)(id|uuid|guid|identifier|number|no|ref|reference|code|key)$/ },
];

/** The Safe Harbor identifier a column name would expose, if any. */
export function safeHarborIdentifier(column: string): string | undefined {
  return SAFE_HARBOR_COLUMNS.find((s) => s.pattern.test(column.toLowerCase()))?.identifier;
}

/**
 * Refuses a view whose columns include a Safe Harbor identifier. `generated`
 * names the columns Rounds itself derives (the opaque `patient_key`, the
 * `age_band`), which are de-identified by construction.
 */
export function assertSafeHarbor(view: string, columns: string[], generated: readonly string[]): void {
  for (const column of columns) {
    if (generated.includes(column)) continue;
    const identifier = safeHarborIdentifier(column);
    if (identifier) {
      throw new RoundsError("CONFIG_INVALID", `Column ${column} of ${view} would expose a Safe Harbor identifier (${identifier}); remove it from the allow list.`, { details: { view, column } });
    }
  }
}
