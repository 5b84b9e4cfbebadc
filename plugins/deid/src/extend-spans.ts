import type { PhiSpan, PhiType } from "@rounds/core";

/**
 * Widens found spans over the parts of the same identifier that the rules
 * leave beside them, in both modes:
 *
 * - a phone or fax number (or a run of digits the recall pass removed) takes
 *   its extension ("… 0147 ext 22", "x318");
 * - a record, plan, account or other id number takes a code prefix glued to
 *   it ("MRN-551903", "PT#88124", "KB/2291/25": the prefix is part of the
 *   string that identifies, so it goes with it), and an upper-case code
 *   before it after a space when that code is not a known label ("XQH 4471
 *   0932 2" loses "XQH"; "MRN 00482913" keeps "MRN"; a code where a label
 *   stands, at a line's start or after a comma, semicolon or bracket, is one:
 *   "…, PESEL 5803…", "(AHPRA MED000…"), and a check letter glued
 *   after it ("BK-77120-Q").
 *
 * Returns new spans; the caller merges them.
 */
const NUMBERS: ReadonlySet<PhiType> = new Set(["MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "ID", "SSN"]);
const EXTENSION = /^\s*,?\s*(?:ext|extn|extension|x)\.?\s*#?\s*\d{1,6}(?!\d)/i;
const GLUED_PREFIX = /(?<![\p{L}\p{N}])[A-Z]{1,6}[-#/](?:[A-Za-z]{1,4}\/)?$/u;
/** A letter check code glued after the number by a dash ("BK-77120-Q", "2345-678-901-AB"). */
const GLUED_SUFFIX = /^-[A-Z]{1,3}(?![\p{L}\p{N}])/u;
const SPACED_PREFIX = /(?<![\p{L}\p{N}])([A-Z]{2,5}) $/u;
/** Labels that name the number after them rather than being part of it. */
const LABELS = new Set(("MRN MR NHS SSN SIN NPI DEA VIN ID DOB IBAN BIC PIN NI UDI IMEI MBI TIN EIN GMC NMC HCPC REF ACCT ACC TEL FAX SN " +
  "CHI PPS IHI NHI HN UR URN DL BSN NO NR NUM CARD PLAN POLICY CASE CLAIM MAC IP CPT ICD HCPCS NDC DRG ATC OPCS LOINC SNOMED").split(" "));

/**
 * Where a label stands: the text's or a line's start, or after a comma, semicolon, bracket or full stop ("Kruk, PESEL 5803…",
 * "(GMC 7720184; AHPRA …"); not after a colon, where the value starts ("Member ID: UHX 884 …").
 */
const labelPlace = (text: string, at: number) => at === 0 || /[,;(|.\n[][ \t]*$/.test(text.slice(Math.max(0, at - 3), at));

export function extendSpans(text: string, spans: readonly PhiSpan[]): PhiSpan[] {
  return spans.map((s) => {
    const out = { ...s };
    if (s.type === "PHONE" || s.type === "FAX" || (s.type === "ID" && /^[\d\s().+-]+$/.test(text.slice(s.start, s.end)))) {
      const ext = EXTENSION.exec(text.slice(s.end, s.end + 24));
      if (ext) out.end += ext[0].length;
    }
    if (NUMBERS.has(s.type)) {
      const before = text.slice(Math.max(0, s.start - 8), s.start);
      const glued = GLUED_PREFIX.exec(before);
      const spaced = glued ? undefined : SPACED_PREFIX.exec(before);
      if (glued) out.start -= glued[0].length;
      else if (spaced && !LABELS.has(spaced[1]!) && !labelPlace(text, s.start - spaced[0].length)) out.start -= spaced[0].length;
      const suffix = GLUED_SUFFIX.exec(text.slice(s.end, s.end + 5));
      if (suffix) out.end += suffix[0].length;
    }
    return out;
  });
}

/**
 * Neighbouring spans of the same type that are one identifier become one
 * span, so one person gets one placeholder number: parts of a name or code
 * with only a space or a hyphen between ("Vega" "-" "Osei", "CLM-2291" "-"
 * "0043"), an initial and what follows it ("M" ". " "Szász"), the parts of
 * an address or a date with a comma between, and a name written surname first
 * ("WOJCIECHOWSKA, ZENOBIA", see `surnameFirst`). Spans must be merged and sorted.
 */
export function joinAdjacent(text: string, spans: readonly PhiSpan[]): PhiSpan[] {
  const out: PhiSpan[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    const gap = last ? text.slice(last.end, s.start) : "";
    const joins = !!last && last.type === s.type && (
      /^[ \t]*-?[ \t]*$/.test(gap) ||
      // The bracketed area code of a phone number and the rest ("(852) 2123 4567"), the brackets with them.
      ((s.type === "PHONE" || s.type === "FAX") && /^\)[ \t]*$/.test(gap) && text[last.start - 1] === "(") ||
      (/^\.[ \t]+$/.test(gap) && /(?<![\p{L}\p{N}])\p{Lu}$/u.test(text.slice(last.start, last.end))) ||
      // A handle with a full stop inside ("priya.r").
      (s.type === "NAME" && gap === "." && /\p{L}$/u.test(text.slice(last.start, last.end)) && /^\p{L}/u.test(text.slice(s.start, s.end))) ||
      (s.type === "LOCATION" && /^,[ \t]+$/.test(gap)) ||
      // A unit and a house number ("7/33 Ponsonby Rd"); a date's parts ("Sat 12/12").
      (s.type === "LOCATION" && gap === "/" && /\d$/.test(text.slice(last.start, last.end)) && /^\d/.test(text.slice(s.start, s.end))) ||
      (s.type === "DATE" && /^[/.:-]$/.test(gap) && /\d$/.test(text.slice(last.start, last.end)) && /^\d/.test(text.slice(s.start, s.end))) ||
      // Two names joined into one facility's ("Liverpool Heart and Chest Hospital", "Westview Nursing & Rehab").
      (s.type === "LOCATION" && /^ (?:and|&) $/.test(gap) && facilityAhead(text, s.start) && /\s/.test(text.slice(last.start, last.end)) && !facilityAhead(text, last.start, last.end)) ||
      // The parts of a date with a comma between ("Fourteenth of February, eighty-eight"), and of a number said in
      // words ("four one four, five five five, …").
      (/^,[ \t]+$/.test(gap) && (s.type === "DATE" || (NUMBERS.has(s.type) || s.type === "PHONE" || s.type === "FAX") && /^\p{L}/u.test(text.slice(s.start, s.end)) && /\p{L}$/u.test(text.slice(last.start, last.end)))) ||
      (s.type === "NAME" && /^,[ \t]+$/.test(gap) && surnameFirst(text, last, s)));
    // A name the rules took before a facility's or firm's head ("Pilbara Iron" "Haulage Pty Ltd", "Nanak" "Sikh Temple") is its name.
    if (!joins && last && last.type === "NAME" && s.type === "LOCATION" && gap === " " && facilityAhead(text, s.start) && !/^(?:Dr|Mr|Mrs|Ms|Prof)\b/.test(text.slice(last.start, last.end))) {
      last.type = "LOCATION";
      last.end = s.end;
      last.confidence = Math.max(last.confidence, s.confidence);
      continue;
    }
    if (joins) {
      if (gap.startsWith(")")) last.start -= 1;
      last.end = s.end;
      last.confidence = Math.max(last.confidence, s.confidence);
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

/**
 * Capitalised words from here to the head word that ends a facility's or a firm's name ("Chest Hospital", "Haulage Pty
 * Ltd"). (Before "and", a whole facility's name is one of two, "Ask Pharmacy and Occupational Therapy", and so is one word,
 * "Falls and Syncope Clinic".)
 */
const FACILITY_AHEAD = /^(?:\p{Lu}[\p{L}\p{M}'’]*[ \t]+){0,3}(?:Hospital|Hospice|Infirmary|Clinic|Centre|Center|Practice|Surgery|Home|Care|Rehab|Rehabilitation|Trust|Temple|Mosque|Church|Synagogue|Gurdwara|Shelter|Ltd|Inc|LLC|LLP|PLC|Pharmacy|Therapy|Services)(?![\p{L}\p{N}])/u;
const facilityAhead = (text: string, at: number, end = at + 80) => FACILITY_AHEAD.test(text.slice(at, end));

/**
 * A name written surname first, as forms, lab reports and chat headers do: "Patient: WOJCIECHOWSKA, ZENOBIA", "Name:
 * Tupou, Sela", "Okwudili, Ebube  21:04" — the surname at a line's start or after a label's colon, one of the two parts a
 * single word ("Ní Fhlannagáin, Éabha"), and no third name after a further comma (a list: "Present: Anna, Ben, Carl";
 * "Lyric Ezenwa, Lachie Tuhiwai" is two people).
 */
function surnameFirst(text: string, first: { start: number; end: number }, second: { start: number; end: number }): boolean {
  if (!/(?:^|\n|:)[\t ]*$/.test(text.slice(Math.max(0, first.start - 24), first.start))) return false;
  const oneWord = (a: { start: number; end: number }) => !/[\s,]/.test(text.slice(a.start, a.end));
  // (The spans come word by word: the second part is every capitalised word from its start.)
  const rest = /^\p{Lu}[\p{L}\p{M}'’-]*(?: \p{Lu}[\p{L}\p{M}'’-]*)*/u.exec(text.slice(second.start, second.start + 60))?.[0] ?? "";
  const end = second.start + rest.length;
  return (oneWord(first) || !rest.includes(" ")) && !/^,[ \t]*\p{Lu}/u.test(text.slice(Math.max(second.end, end), Math.max(second.end, end) + 3));
}
