import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { foreignText } from "../src/names.ts";

/**
 * The failure classes of #16, one sentence each (written for this test, not
 * taken from any evaluation set), through the default (recall) mode and, for
 * the false positives, the precision mode too.
 */
const recall = new SafeHarborDeidentifier();
const precision = new SafeHarborDeidentifier({ mode: "precision" });
const clean = async (text: string, d = recall) => (await d.deidentify(text)).text;
/** The words of `text` that survive de-identification. */
const left = async (text: string, d = recall) => (await clean(text, d)).match(/[\p{L}\p{N}]+/gu) ?? [];

describe("recall mode: the failure classes of text nobody here wrote", () => {
  it("removes street addresses in any order and language, with house numbers after the street and multi-line blocks", async () => {
    const out = await clean("Send it to Lindenweg 14b, 3012 Bern.\nOr: 55 Calle del Olmo, 2º dcha\nSegovia\nSpain 40001");
    for (const w of ["Lindenweg", "14b", "3012", "Bern", "55", "Olmo", "Segovia", "40001"]) expect(out).not.toContain(w);
    expect(out).toContain("Send it to");
  });

  it("removes towns with no cue word, and towns in capitals", async () => {
    expect(await left("The ambulance came from KIDDERMINSTER at noon.")).not.toContain("KIDDERMINSTER");
    expect(await left("She grew fond of Tamworth and its people.")).not.toContain("Tamworth");
  });

  it("removes names with no cue: unlisted given names, surnames alone, lower case, middle initials, signatures", async () => {
    expect(await left("Afterwards Zdenka Hrubešová phoned the ward.")).not.toContain("Hrubešová");
    expect(await left("Spoke again with Pemberton-Ruiz about the plan.")).not.toContain("Pemberton");
    expect(await left("my name is ottoline vasquez-feld and I need a refill")).toEqual(expect.not.arrayContaining(["ottoline", "vasquez", "feld"]));
    const initial = await clean("Reviewed by Augustin P Wróblewski today.");
    expect(initial).not.toMatch(/Augustin|Wróblewski|\bP\b/);
    const signature = await clean("Best wishes,\nTamsin Oyelowo-Brandt\nClinical Nurse Specialist");
    expect(signature).not.toMatch(/Tamsin|Oyelowo|Brandt/);
    expect(signature).toContain("Clinical Nurse Specialist");
  });

  it("removes international phone numbers, cards of every length, licence numbers after a verb, ZIPs after 'zip code is', hyphenated record numbers", async () => {
    const out = await clean([
      "Call +33 1 42 68 53 00 or 0031 20 555 0147.",
      "Amex 3714 496353 98431 and Diners 3056 930902 5904 on file.",
      "His license number is 5130634.",
      "The zip code is 60614.",
      "Chart MRN-778812 and hospital no. RXH-0098321.",
      "Seen 2026-03-04 09:45 in clinic.",
    ].join(" "));
    for (const w of ["42 68 53 00", "555 0147", "3714", "98431", "3056", "5904", "5130634", "60614", "778812", "0098321", "2026-03-04", "09:45"]) expect(out).not.toContain(w);
    expect(out).toContain("in clinic");
  });

  it("keeps doses, scores, vitals, years and clinical words", async () => {
    const text = "Started apixaban 5 mg bd in 2019; PHQ-9 19, BP 142/88, HR 92, SpO2 94%, eGFR 41, HbA1c 58 mmol/mol. CT head: no haemorrhage.";
    expect(await clean(text)).toBe(text);
  });
});

describe("false positives of #16", () => {
  it("form and chat labels at a line start are not speaker names, in either mode", async () => {
    const text = "Website: see the portal\nMobile: ask at reception\nDesk: closed on Sundays\nUser: can I book online?";
    expect(await clean(text, precision)).toBe(text);
    expect(await clean(text)).toBe(text);
  });

  it("the letter cue 'Re' does not fire inside You're, in either mode", async () => {
    const text = "You're Welcome To Bring Someone With You.";
    expect(await clean(text, precision)).toBe(text);
    expect(await clean(text)).toBe(text);
  });
});

describe("failure classes of the first blind set and the own sets (#16, second round)", () => {
  it("a code prefix glued to a record number goes with it; a label before a space stays", async () => {
    const out = await clean("Chart MRN-20417 and claim KLP/5521/19; plan ref TQV 5521 8804 3; MRN 3381204.");
    for (const w of ["MRN-", "20417", "KLP", "5521", "TQV", "8804", "3381204"]) expect(out).not.toContain(w);
    expect(out).toMatch(/; MRN \[MRN_\d\]\.$/);
  });

  it("codes of parts glued by dashes or slashes, and sort codes, go; COVID-19, ICD-10-CM and 120/80 stay", async () => {
    const out = await clean("Card 2RT7-QW4-HX91, sort code 40-22-17. COVID-19 swab negative; ICD-10-CM codes; BP 120/80.");
    for (const w of ["2RT7", "QW4", "HX91", "40", "22-17"]) expect(out).not.toContain(w);
    expect(out).toContain("COVID-19 swab negative; ICD-10-CM codes; BP 120/80.");
  });

  it("name particles and double-barrelled names go whole", async () => {
    const words = await left("Spoke with Ingeborg van der Wielen and her cousin Paloma de los Ríos-Hart; Mr ter Molen agreed.");
    // ("Mr" goes with the name in recall mode since the seventh round: an honorific before a removed name.)
    for (const w of ["Ingeborg", "van", "der", "Wielen", "Paloma", "de", "los", "Ríos", "Hart", "Mr", "ter", "Molen"]) expect(words).not.toContain(w);
    expect(words).toEqual(expect.arrayContaining(["Spoke", "with", "and", "her", "cousin", "agreed"]));
  });

  it("an initial with a full stop before a surname goes with it", async () => {
    expect(await left("Letter signed by T. Okwuosa-Lindgren.")).toEqual(["Letter", "signed", "by", "NAME", "1"]);
  });

  it("a phone extension goes with the number", async () => {
    for (const t of ["Ring 555-0172 ext 41 after six.", "Ring 0131 496 0022 extension 318 after six.", "Ring (212) 555-0187 x7 after six."]) {
      expect(await clean(t)).toBe("Ring [PHONE_1] after six.");
    }
  });

  it("the date and time of an ISO date-time, month/year and day/month dates after a cue go", async () => {
    const out = await clean("Logged 2025-11-02T16:20Z; card exp 11/2029; review due 30/06.");
    for (const w of ["2025", "11-02", "16", "20Z", "2029", "30/06"]) expect(out).not.toContain(w);
    expect(await clean("MoCA of 23/30 today.")).toBe("MoCA of 23/30 today.");
  });

  it("streets named without a number, and multi-word places one of whose words is English", async () => {
    const out = await clean("She was found on Quarry Street near 4th Avenue, then taken to Market Harborough.");
    for (const w of ["Quarry", "Street", "4th", "Avenue", "Market", "Harborough"]) expect(out).not.toContain(w);
    expect(out).toMatch(/^She was found on \[LOCATION_1\] near \[LOCATION_2\], then taken to \[LOCATION_3\]\.$/);
  });

  it("counties and towns that are also words, after a place preposition in running text", async () => {
    expect(await left("She moved to Kent last year and now works in Reading.")).toEqual(expect.not.arrayContaining(["Kent", "Reading"]));
    expect(await clean("Reading the letter in full took time.")).toBe("Reading the letter in full took time.");
  });

  it("personal social-media handles go; a mention of the bot stays", async () => {
    expect(await clean("Her handle is @marnie.draws and on the other site @mj_h1984.")).toBe("Her handle is [ID_1] and on the other site [ID_2].");
    expect(await clean("@Rounds what is the dose?", precision)).toBe("@Rounds what is the dose?");
  });
});

describe("recall mode, third round (#16): over-redaction classes and the recall classes left", () => {
  it("keeps countries and states alone (Safe Harbor keeps both) but not the town or street before them", async () => {
    const text = "She moved from Kettering to Portugal; her brother lives in Queensland. Card sent to 4 Birchwood Ave, Joliet, IL 60431.";
    const out = await clean(text);
    expect(out).toContain("Portugal");
    expect(out).toContain("Queensland");
    for (const w of ["Kettering", "Birchwood", "Joliet", "60431"]) expect(out).not.toContain(w);
    // The state code after the removed town goes with the address in recall mode (seventh round); precision mode keeps it.
    expect(out).not.toMatch(/\bIL\b/);
    expect(await clean(text, precision)).toMatch(/, IL \[ZIP_1\]/);
  });

  it("keeps form labels, professional letters and a medicine before its dose or on a medication line", async () => {
    const out = await clean("Home: 12 Larkspur Row, Whitby\nSigned: Wilhelmina Osterhagen-Lund, RN (OT)\nStarted Quetzalor 20 mg nocte.\nMedications: Dravimex, Lorastine");
    for (const w of ["Home:", "RN", "(OT)", "Quetzalor 20 mg", "Medications: Dravimex, Lorastine"]) expect(out).toContain(w);
    for (const w of ["Larkspur", "Whitby", "Wilhelmina", "Osterhagen"]) expect(out).not.toContain(w);
  });

  it("removes a facility's name whole when a word says which one (fourth round); specialty clinics with no such word stay", async () => {
    const out = await clean("Referred by Thistlegate Family Practice and seen at St. Aldhelm's Hospice, then the Memory Clinic.");
    expect(out).not.toMatch(/Thistlegate|Aldhelm|St\.|Family Practice|Hospice/);
    expect(out).toContain("then the Memory Clinic.");
  });

  it("removes ages over 89 with a cue or 'years old', and keeps numbers of 90+ that a unit, label or range explains", async () => {
    const out = await clean("Her aunt is 97 and her uncle, aged 91, is a 93-year-old widower (age 104). Rate it from 0 to 100; HR 96; 120 participants.");
    for (const n of ["97", "91", "93", "104"]) expect(out).not.toMatch(new RegExp(`\\b${n}\\b`));
    for (const w of ["0 to 100", "HR 96", "120 participants"]) expect(out).toContain(w);
  });

  it("removes a holiday with its year (a date); keeps a year alone, which Safe Harbor allows", async () => {
    const out = await clean("He was widowed in 2009; worse after Christmas 2023 and again at Easter.");
    for (const w of ["Christmas", "2023"]) expect(out).not.toContain(w);
    expect(out).toContain("widowed in 2009");
    expect(out).toContain("at Easter");
  });

  it("removes bare domains, year/number file references and codes that start with a digit", async () => {
    const out = await clean("See quietharbourpoems.wordpress.com for her poems; old file 2017/88412; transmitter 7QZ2LM paired.");
    for (const w of ["quietharbourpoems", "wordpress", "2017/88412", "7QZ2LM"]) expect(out).not.toContain(w);
    expect(out).toContain("for her poems");
  });

  it("removes names after family words like nan, gran and stepdad, in lower case too", async () => {
    expect(await left("my nan, ottilie, lives with my stepdad berengar now")).toEqual(expect.not.arrayContaining(["ottilie", "berengar"]));
  });
});

describe("recall mode, fourth round (#16): classes from the ASQ-PHI tune part and synth-dev", () => {
  it("removes facility names with a hyphenated name word, and 'Health' only where it ends the name", async () => {
    const out = await clean("Seen at Quorndale-Vasey Medical Center, then Pellinore Health, and by the Community Mental Health Team.");
    for (const w of ["Quorndale", "Vasey", "Medical Center", "Pellinore", "Health,"]) expect(out).not.toContain(w);
    expect(out).toContain("the Community Mental Health Team.");
  });

  it("removes a given name with a surname initial even when the name is an English word; keeps 'Vitamin D.'", async () => {
    const out = await clean("Advice for Rose K. and for Mabel A., both low in Vitamin D.");
    for (const w of ["Rose", "K.", "Mabel", "A."]) expect(out).not.toContain(w);
    expect(out).toContain("low in Vitamin D.");
  });

  it("keeps eponyms before a sign, score or syndrome, and removes a given name before 'disease'", async () => {
    const out = await clean("Positive Kernig sign, a Wells score of 4, known Sjögren syndrome, a Tinetti-Ramos scale done; Rosalind's disease is a guess.");
    for (const w of ["Kernig sign", "Wells score", "Sjögren syndrome", "Tinetti-Ramos scale"]) expect(out).toContain(w);
    expect(out).not.toContain("Rosalind");
  });

  it("keeps a given name written in capitals as an acronym among lower-case words, not in a run of capitals", async () => {
    const out = await clean("Follow the ADA guidelines for hx of GERD.\nPatient: MARY HOLLOWAY");
    for (const w of ["ADA guidelines", "GERD."]) expect(out).toContain(w);
    expect(out).not.toContain("MARY");
  });

  it("keeps census ethnicity words, decades and the decimals of units; removes apostrophe years after a date and 'X City'", async () => {
    const out = await clean("A Hispanic woman in her 80s, eGFR 41 mL/min/1.73m2, first seen Mar 3, '24 in Kansas City.");
    for (const w of ["Hispanic woman", "her 80s", "1.73m2"]) expect(out).toContain(w);
    for (const w of ["'24", "Kansas City", "Mar 3"]) expect(out).not.toContain(w);
  });

  it("removes a facility named by common words when used as a proper name (no article after at/to/from/in); departments stay", async () => {
    const out = await clean("Transferred to Summit Hospital, then to Larkhill Medical Center; referred to Memory Clinic, seen in Fracture Clinic and at the Harbour Clinic.");
    for (const w of ["Summit", "Larkhill", "Medical Center"]) expect(out).not.toContain(w);
    for (const w of ["referred to Memory Clinic", "seen in Fracture Clinic", "at the Harbour Clinic."]) expect(out).toContain(w);
  });

  it("keeps a medicine named after a prescribing verb without a dose; a person after 'took' or 'started … on' still goes", async () => {
    const out = await clean("Currently on Quintrelo, switched to Ozelmi, started on Dravelo; took Okonkwo-Hale home; started Brzezinski on insulin.");
    for (const w of ["on Quintrelo", "to Ozelmi", "on Dravelo"]) expect(out).toContain(w);
    for (const w of ["Okonkwo", "Brzezinski"]) expect(out).not.toContain(w);
  });

  // Fifth round (#16): classes from the tune parts of ASQ-PHI and the Contextual Anonymizer set, in sentences written here.
  it("removes a two-word proper name after a place preposition when one word went, and a given name with an 's' before a removed name", async () => {
    const out = await clean("Biopsy read at Birch Okonjo last week; second opinion from Peters Lindqvist, then a scan at Marlow on Tuesday.");
    for (const w of ["Birch", "Okonjo", "Peters", "Lindqvist", "Marlow"]) expect(out).not.toContain(w);
    for (const w of ["on Tuesday", "last week", "second opinion from"]) expect(out).toContain(w);
  });

  it("removes a facility named only by generic words after at/to/from, and a facility word run before a removed place", async () => {
    const out = await clean("Admitted to Memorial Hospital, then to District Hospital; earlier treated at Children's Hospital Bratislava.");
    for (const w of ["Memorial", "District Hospital", "Children's", "Bratislava"]) expect(out).not.toContain(w);
    expect(await clean("Seen in Memory Clinic and referred to Fracture Clinic.")).toBe("Seen in Memory Clinic and referred to Fracture Clinic.");
  });

  it("does not grow a name or an address onto the next line's label, nor a facility across a full stop", async () => {
    const form = await clean("Clinician: Dr. Ingrid Solvang\nTreatment Plan: rest\nAddress: 4 Quarry Row, Tisbury\nDate of Visit: 2024-03-02");
    for (const w of ["Treatment Plan: rest", "Date of Visit:"]) expect(form).toContain(w);
    for (const w of ["Solvang", "Quarry", "Tisbury"]) expect(form).not.toContain(w);
    expect(await clean("Admitted for: Cholecystitis. Surgery performed under general anaesthetic.")).toBe("Admitted for: Cholecystitis. Surgery performed under general anaesthetic.");
  });

  it("keeps form labels after a cue word, clinical words on a diagnosis line, glued doses and chat timestamps", async () => {
    const out = await clean("Patient Folder: Ingrid Solvang\nDiagnosis: Diabetes Insipidus\nMedication: Sertraline 100mg\n[4:15 PM] Ingrid Solvang: thanks");
    for (const w of ["Patient Folder:", "Diabetes Insipidus", "Sertraline 100mg", "[4:15 PM]"]) expect(out).toContain(w);
    expect(out).not.toMatch(/Ingrid|Solvang/);
  });

  it("removes lower-case names in speech-to-text and chat: after 'it's', greetings, a lower-case title, before a verb of speech, and unexplained words in an all-lower-case text", async () => {
    const out = await clean("hey it's rose from reception, thanks okoye, dr mbeki said wojciech rang about the appointment and we will book it for next week");
    for (const w of ["rose", "okoye", "mbeki", "wojciech"]) expect(out).not.toContain(w);
    for (const w of ["from reception", "about the appointment", "next week"]) expect(out).toContain(w);
    // A given name that is a common word stays before a verb of speech ("Rasmussen had phoned").
    expect(await clean("[NAME_1] had phoned her.")).toBe("[NAME_1] had phoned her.");
  });

  it("removes a street named by English words after a designator of another language, with its house number after it", async () => {
    const out = await clean("Now living at Via Nuova 12, 20121 Milano, and before that at Calle Mayor 3\nMadrid.");
    for (const w of ["Nuova", "12", "20121", "Mayor", " 3"]) expect(out).not.toContain(w);
    expect(await clean("We spoke via Zoom 2 times this week.")).toBe("We spoke via Zoom 2 times this week.");
  });

  it("removes 'St.' with a saint's name, a hospital named 'X General', and a facility named by the place after it, over 'of'", async () => {
    const out = await clean("Transferred to St. Aidan's, later seen at Leith General w/ cough, then treated at Children's Hospital of Bratislava.");
    for (const w of ["St.", "Aidan", "Leith", "General", "Children's", "Hospital of", "Bratislava"]) expect(out).not.toContain(w);
    expect(out).toContain("w/ cough");
    expect(await clean("She wrote to the Surgeon General about it.")).toBe("She wrote to the Surgeon General about it.");
  });
});

describe("recall mode, sixth round (#16): over-redaction on blind-3 and places from the outside tune parts, as classes", () => {
  it("keeps language names (ISO 639-1), a form label in another language before its value, and a medicine before how it is taken", async () => {
    const out = await left("Interpreter booked (Kinyarwanda) for the family meeting. Trulicity weekly; Farxiga continued.");
    expect(out).toEqual(expect.arrayContaining(["Kinyarwanda", "Trulicity", "Farxiga"]));
    const form = await clean("Dirección: Calle Perales 22, 28045 Madrid");
    expect(form).toContain("Dirección");
    for (const w of ["Perales", "22", "28045", "Madrid"]) expect(form).not.toContain(w);
    // A speaker is still a speaker when the line is speech, and a surname before a verb that is not a medicine's.
    expect(await left("Okonkwo: I took 2 of them last night.")).not.toContain("Okonkwo");
    expect(await left("Later Okonkwo started the group session.")).not.toContain("Okonkwo");
  });

  it("removes an institution named by its acronym after 'at' or 'admitted/transferred to'; units, services and diseases stay", async () => {
    const out = await left("Scanned at OHSU, then transferred to VUMC; recovered in PACU at CCU level and was referred to CAMHS. It progressed to AML.");
    for (const w of ["OHSU", "VUMC"]) expect(out).not.toContain(w);
    expect(out).toEqual(expect.arrayContaining(["PACU", "CCU", "CAMHS", "AML"]));
  });

  it("removes a facility named 'X Health Care' whole", async () => {
    const out = await left("Treated at Brightwater Health Care last year.");
    for (const w of ["Brightwater", "Health", "Care"]) expect(out).not.toContain(w);
  });
});

describe("recall mode, seventh round (#16): beyond Safe Harbor where it costs little — honorifics and state codes", () => {
  it("removes an honorific with the removed name after it, in upper and lower case; precision mode keeps it", async () => {
    const text = "Seen by Dr. Ifeoma Castellanos; letter copied to Mrs Wrenfield. chat: ask dr okpara-lindahl";
    const out = await clean(text);
    for (const w of ["Dr", "Mrs", "dr", "Ifeoma", "Castellanos", "Wrenfield", "okpara"]) expect(out).not.toMatch(new RegExp(`\\b${w}\\b`));
    expect(out).toBe("Seen by [NAME_1]; letter copied to [NAME_2]. chat: ask [NAME_3]");
    const kept = await clean(text, precision);
    expect(kept).toContain("Dr. [NAME_1]");
    expect(kept).toContain("Mrs [NAME_2]");
  });

  it("keeps a title with no removed name after it, and roles that are not honorifics", async () => {
    expect(await left("The Dr said the MS clinic is full. Ask the Prof.")).toEqual(expect.arrayContaining(["Dr", "MS", "Prof"]));
    const nurse = await left("Nurse Quillfeather changed the dressing.");
    expect(nurse).toContain("Nurse");
    expect(nurse).not.toContain("Quillfeather");
  });

  it("removes a state code straight after a removed town; a code alone, or a post-nominal, stays", async () => {
    const out = await clean("Mail to 220 Larchmont Blvd, Tallowbrook, OR 97401. She was born in OR and trained in PA. Signed Kofi Adjei-Brandt, MD");
    expect(out).not.toMatch(/Larchmont|Tallowbrook|97401|, OR/);
    expect(out).toContain("born in OR and trained in PA");
    expect(out).toMatch(/, MD$/);
    expect(await clean("Mail to 220 Larchmont Blvd, Tallowbrook, OR 97401.", precision)).toContain(", OR [ZIP_1]");
  });

  it("takes the first honorific of 'Mr. and Mrs.' with the name", async () => {
    expect(await clean("Dear Mr. and Mrs. Abiodun-Verhoeven, thank you.")).toBe("Dear [NAME_1] and [NAME_2], thank you.");
  });
});

describe("recall mode, seventh round (#16): blind-3's remaining classes (studied set), with sentences written for them", () => {
  it("removes a clock time written before its date, and a day-month-year date joined by dashes (both modes find the date)", async () => {
    expect(await clean("Arrived 22:05 on 14 Nov 2025 by ambulance. Died 03:18, 2 February 2026.")).toBe("Arrived [DATE_1] by ambulance. Died [DATE_2].");
    expect(await clean("Sample taken 21-Sep-2025 06:40.")).toBe("Sample taken [DATE_1].");
    expect(await clean("Sample taken 21-Sep-2025 06:40.", precision)).toBe("Sample taken [DATE_1] 06:40.");
    // A clock time alone still stays.
    expect(await clean("Obs at 06:00 were stable.")).toBe("Obs at 06:00 were stable.");
  });

  it("reads a day/month after a weekday as a date, in both modes; a score out of ten stays", async () => {
    expect(await clean("Friday 22/05: session moved.", precision)).toBe("Friday [DATE_1]: session moved.");
    expect(await clean("Pain 7/10 on Friday.")).toBe("Pain 7/10 on Friday.");
  });

  it("removes a slash reference of initials and a number whole", async () => {
    expect(await clean("Please quote RT/dw/30917 when you reply.")).toBe("Please quote [ID_1] when you reply.");
  });

  it("removes a given name that is also a word beside a removed surname, and before a verb of speech mid-sentence", async () => {
    expect(await left("Reviewed by Clement Okonkwo-Baptiste MD.")).toEqual(["Reviewed", "by", "NAME", "1", "MD"]);
    expect(await left("Forename(s): Thandeka Grace")).not.toContain("Grace");
    expect(await left("I keep hearing what Rosalind said that day.")).not.toContain("Rosalind");
    // At a sentence's start the name rules decide; a word that is no given name stays.
    expect(await left("The patient said she slept.")).toEqual(["The", "patient", "said", "she", "slept"]);
  });

  it("removes a multi-word town after a place preposition or a postcode, in capitals too; a state after a preposition stays", async () => {
    const out = await clean("She was raised in MILTON KEYNES, later lived at 8 Jalan Ria, 50450 Kuala Lumpur, then moved to New South Wales.");
    for (const w of ["MILTON", "KEYNES", "Kuala", "Lumpur"]) expect(out).not.toContain(w);
    expect(out).toContain("moved to New South Wales");
  });

  it("removes a user name after its label when it has a digit, dot or underscore; a role after 'User:' stays", async () => {
    expect(await clean("Locked out: username tbaptiste_rn, then user k.osei2.", precision)).toBe("Locked out: username [ID_1], then user [ID_2].");
    expect(await clean("User: receptionist", precision)).toBe("User: receptionist");
  });
});

describe("recall mode, eighth round (#16): classes of blind-4's misses (sentences written for this test)", () => {
  it("removes a phone number read out digit by digit, a date of birth in words and a lower-case address with its spoken number", async () => {
    const out = await clean("hi it's the surgery, ring us on oh one seven three two double four nine one six two. her birthday is the third of april, nineteen eighty-one, and she lives at twenty-seven wexcombe road, or on larch avenue.");
    for (const w of ["seven three two", "double four", "nine one six two", "third", "april", "eighty", "twenty", "wexcombe", "larch"]) expect(out).not.toContain(w);
    expect(out).toContain("hi it's the surgery");
    // Counting and kinds of road stay.
    expect(await clean("She takes one, two or three tablets. We met on the road last spring, then on a side road.")).toBe("She takes one, two or three tablets. We met on the road last spring, then on a side road.");
  });

  it("removes facility names ending in hub, nursery, counselling or a school's 'Primary', and a hospital word before its name", async () => {
    for (const [text, gone] of [
      ["Referred by the nurse at Meadowlark Wellbeing Hub, 12 Orchard Row.", ["Meadowlark", "Wellbeing", "Hub"]],
      ["His son attends Tumbleweed Nursery in the mornings.", ["Tumbleweed", "Nursery"]],
      ["Seen at Larkspur Counselling last year.", ["Larkspur", "Counselling"]],
      ["She is in year 4 at Foxglove Primary.", ["Foxglove", "Primary"]],
      ["Transferred from Hospital Clínico Ramón Albareda.", ["Hospital", "Ramón", "Albareda"]],
    ] as const) {
      const out = await clean(text);
      for (const w of gone) expect(out).not.toContain(w);
    }
    // A service with no name stays ("Primary Care", "Community Midwives").
    expect(await clean("Discussed with Primary Care and the Community Midwives.")).toBe("Discussed with Primary Care and the Community Midwives.");
  });

  it("removes street words of other languages, street names that are English words, and unit codes after an address", async () => {
    const out = await clean("Address: Strada Morii 9, bloc D4, ap. 22, Brașov. Old address: 3 Heron Wynd, Paseo del Prado 14, Madrid.");
    for (const w of ["Morii", "D4", "22", "Heron", "Wynd", "Paseo", "Prado"]) expect(out).not.toContain(w);
  });

  it("removes a National Insurance number after its label whatever its prefix, and check letters and slash codes of references", async () => {
    expect(await clean("Her national insurance number is QQ 98 76 54 A.", precision)).toBe("Her national insurance number is [SSN_1].");
    expect(await clean("Claim ref TR-44817-K, card 7781-221-304-XB, file CW/881204.")).toBe("Claim ref [ID_1], card [ID_2], file [ID_3].");
    expect(await clean("BP 142/88, pain 7/10.")).toBe("BP 142/88, pain 7/10.");
  });

  it("keeps an English word after the sentence that ends an address, a foreign label after a sentence end, and an age after a name", async () => {
    const out = await clean("Lives at 4 Quarry Lane, Wagga Wagga NSW 2650. Mobile to follow. Calle Luna 3, 28004 Madrid. Teléfono: 934 11 22 33.");
    expect(out).toContain("Mobile to follow");
    expect(out).toContain("Teléfono:");
    expect(await left("Patient: Rhian Gwynfor, 19, of 6 Quarry Lane.")).toContain("19");
  });
});

describe("recall mode, ninth round (#16): classes of blind-5's misses and over-redactions (sentences written for this test)", () => {
  it("keeps the form labels and the accented words of a text in another language, and still removes its identifiers", async () => {
    const out = await clean("Informe de alta. Paciente: Rosendo Iribarren Quintela, nacido el 03/04/1957. Médico responsable: Dra. Albizu. Ingresó por una neumonía y está mejor; vive solo en Getafe.");
    for (const w of ["Paciente", "Médico", "responsable", "está"]) expect(out).toContain(w);
    for (const w of ["Rosendo", "Iribarren", "Quintela", "03/04/1957", "Albizu", "Getafe"]) expect(out).not.toContain(w);
    // In an English text an unknown label is still a speaker's name, and a lower-case accented word still a name.
    expect(await left("Okonjo: I went back to work on Monday.\nTherapist: How did it feel?")).not.toContain("Okonjo");
    expect(await left("we spoke to her cousin, who said jerković had already left.")).not.toContain("jerković");
  });

  it("keeps the name of a lab value before its unit", async () => {
    const out = await clean("Results reviewed by Dr T. Vandermeer-Ashby\nHb 121 g/L, Plt 287 x10^9/L, MCV 84 fL, Alb 31 g/L.");
    for (const w of ["Plt", "MCV", "Alb", "287", "84 fL"]) expect(out).toContain(w);
    expect(out).not.toContain("Vandermeer");
  });

  it("removes the time after a date, with 'at', 'approx.', '@' or 'kl.' before it", async () => {
    for (const [text, time] of [["Fall on 14/01/2026 at approx. 22:15 in the bathroom.", ["approx", "22", "15"]], ["Rang back on 02/11/2025 @ 4:45pm about results.", ["4", "45pm"]], ["Innlagt 04.02.2026 kl. 07.30 med feber.", ["kl", "07", "30"]]] as const) {
      const out = await left(text);
      for (const w of time) expect(out).not.toContain(w);
    }
    // A time with no date before it stays.
    expect(await clean("Clinic starts at 09:30 on weekdays.")).toContain("09:30");
  });

  it("removes an age over 89 after a name and in age-sex shorthand; a younger age stays", async () => {
    const out = await left("Residents: Mrs Winifred Abernethy-Clough (96) - settled; Mr Tobias Ravenscroft, 103, chest clear. Triage: 94F, fall at home.");
    for (const w of ["96", "103", "94F"]) expect(out).not.toContain(w);
    expect(await left("Mr Tobias Ravenscroft, 73, chest clear. Triage: 54F, fall at home.")).toEqual(expect.arrayContaining(["73", "54F"]));
  });

  it("removes a speaker's initial after a given name before a colon, not a label's letter before a number", async () => {
    expect(await left("[10:02] Zainab K: can someone check bay 3?")).not.toContain("K");
    expect(await clean("Zainab Okoro\nT: 0161 496 0000")).toContain("T:");
  });

  it("removes facility names ending in a service word, '&' inside them; a department stays", async () => {
    for (const [text, gone] of [
      ["Referred on to Brightwater Family Therapy for sessions.", ["Brightwater"]],
      ["Her letter came from Quillfeather & Dunmore Associates.", ["Quillfeather", "Dunmore", "Associates"]],
      ["Moved to Heronsgate Assisted Living last spring.", ["Heronsgate", "Assisted", "Living"]],
      ["Scripts go to Wrenfield Apothecary on Fridays.", ["Wrenfield", "Apothecary"]],
    ] as const) {
      const out = await clean(text);
      for (const w of gone) expect(out).not.toContain(w);
    }
    expect(await clean("Please ask Occupational Therapy and Social Services to visit.")).toBe("Please ask Occupational Therapy and Social Services to visit.");
  });

  it("keeps a code that stands where a label stands, a range of years and a procedure code; a code inside a value still goes", async () => {
    const out = await clean("Locum: Dr Ifeoma Castellanos-Reid (GMC 7730192; APC MED0004471920), served 2011-2016. Billed CPT 90834.");
    for (const w of ["GMC", "APC", "2011", "2016", "90834"]) expect(out).toContain(w);
    for (const w of ["7730192", "MED0004471920", "Castellanos"]) expect(out).not.toContain(w);
    // After a label word or a colon the code is part of the value.
    for (const w of ["QRB", "4471"]) expect(await clean("Her member number is QRB 4471 0932 8.")).not.toContain(w);
    expect(await clean("Member ID: QRB 4471 0932 8")).not.toContain("QRB");
  });

  it("reads a signature's 'MD' as a doctor's letters, not Maryland, and a bracketed country code and its number as one phone (outsider repros)", async () => {
    const d = new SafeHarborDeidentifier();
    const spans = await d.detect("Yours sincerely,\n\nTorvald Ekberg-Nnamdi, MD", {});
    expect(spans.map((x) => x.type)).toEqual(["NAME"]);
    expect(await clean("Her old number in Kowloon was (852) 2381 7740.")).toMatch(/was \[PHONE_1\]\.$/);
    // A place before MD with a ZIP after it is still a place.
    expect(await clean("Moved to 12 Frost Lane, Hagerstown, MD 21740.")).not.toContain("Hagerstown");
    // A short lower-case line of names is not a text in another language; a line of Spanish is.
    expect(foreignText("selwyn is from brackwater robotics inc.")).toBe(false);
    expect(foreignText("Ingresó por una neumonía y está mejor; vive solo.")).toBe(true);
  });

  it("does not grow an address over the next sentence's first word when it is a possessive or the text is in another language", async () => {
    expect(await clean("We met at the drop-in in Hartlepool. Client's mother joined later.")).toContain("Client's mother");
    expect(await clean("Domicilio: calle Mayor 14, 28013 Madrid. Fecha de ingreso: 02-02-2026; fecha de alta: 09-02-2026, con el informe.")).toContain("Fecha de ingreso");
  });
});

describe("recall mode, tenth round (#16): classes of blind-6's misses and over-redactions (sentences written for this test)", () => {
  it("removes identifiers spelled out letter by letter and digit by digit, typed by the word before them", async () => {
    const d = new SafeHarborDeidentifier();
    const text = "Client: the postcode is T-R-nine, four-B-X. My plan number is K-L-five-five, two-oh-nine, M. Reg is P-N-six-two, G-H-T.";
    const spans = await d.detect(text, {});
    const typeOf = (s: string) => spans.find((x) => x.start <= text.indexOf(s) && x.end > text.indexOf(s))?.type;
    expect(typeOf("T-R-nine")).toBe("ZIP");
    expect(typeOf("K-L-five")).toBe("HEALTH_PLAN");
    expect(typeOf("P-N-six")).toBe("VEHICLE");
    const out = await left(text);
    for (const w of ["T", "R", "nine", "four", "B", "X", "K", "L", "five", "two", "oh", "M", "P", "N", "six", "G", "H"]) expect(out).not.toContain(w);
    // "oh one six one, double four nine, six oh oh two": a phone number with "double" and "hundred".
    expect(await left("Ring me on oh one six one, double four nine, six hundred and two... sorry, six oh oh two.")).not.toContain("double");
    // Counting, a letter grade and a spelled word with no digits stay.
    for (const text of ["Breathe in for four, hold for seven, out for eight.", "She got a B and one of two merits.", "Plan A: rest; plan B: two weeks off."]) expect(await clean(text)).toBe(text);
  });

  it("removes an e-mail address said out loud, spelled or not; 'met at home dot com' stays", async () => {
    const out = await left("Client: it's k-w-a-m-e dot b at fastmail dot co dot uk, or ngozi_b at gmail dot com.");
    for (const w of ["k", "w", "a", "m", "e", "fastmail", "ngozi_b", "gmail", "com"]) expect(out).not.toContain(w);
    expect(await clean("We met at home dot com, the café.")).toBe("We met at home dot com, the café.");
  });

  it("removes dates with a month named in another language (CLDR names) and a weekday before a date", async () => {
    for (const [text, gone] of [
      ["Née le 4 février 1952 à l'hôpital.", ["4", "février", "1952"]],
      ["Nacido el 21 de octubre de 1970.", ["21", "octubre", "1970"]],
      ["Geboren am 9. März 1948 in der Klinik.", ["9", "März", "1948"]],
      ["Doğum tarihi 5 Ekim 1983.", ["5", "Ekim", "1983"]],
      ["Urodzony 12 września 1961 r.", ["12", "września", "1961"]],
      ["Review booked for Wednesday 14 October at 10:00.", ["Wednesday", "14", "October"]],
      ["Sent: Tue, 3 Nov 2026 09:12:44 +0100", ["Tue", "3", "Nov", "09", "0100"]],
    ] as const) {
      const out = await left(text);
      for (const w of gone) expect(out, text).not.toContain(w);
    }
    // A short month name of another language needs the year: "5 Mars bars" stays.
    expect(await clean("He ate 5 Mars bars.")).toBe("He ate 5 Mars bars.");
  });

  it("removes dates said as two ordinals with a year, and a weekday before a spoken day", async () => {
    const out = await left("Client: born the third of the ninth, seventy-four. Therapist: see you Tuesday the twelfth.");
    for (const w of ["third", "ninth", "seventy", "four", "Tuesday", "twelfth"]) expect(out).not.toContain(w);
    expect(await clean("It was the first of the month.")).toBe("It was the first of the month.");
  });

  it("removes a house number said in words before a street, and hyphenated syllable given names beside a surname", async () => {
    expect(await left("Client: I'm at twenty-seven Thornbury Crescent now.")).not.toContain("seven");
    const out = await left("Patient: LAU Mei-ling. Consultant: Dr Kwok Chi-wai, ward 5.");
    for (const w of ["LAU", "Mei", "ling", "Kwok", "Chi", "wai"]) expect(out).not.toContain(w);
    expect(await clean("He had a non-ST elevation MI and a follow-up X-ray.")).toBe("He had a non-ST elevation MI and a follow-up X-ray.");
  });

  it("removes facility names ending in pathology, imaging, physiotherapy…; 'University of <place>'; 'X and District Hospital'", async () => {
    for (const [text, gone] of [
      ["Bloods sent to Harrowgate Pathology today.", ["Harrowgate", "Pathology"]],
      ["Scan booked at Quillmere Imaging.", ["Quillmere"]],
      ["Referred to Fernbrook Physiotherapy.", ["Fernbrook"]],
      ["She studies at the University of Dundee.", ["Dundee"]],
      ["Admitted to Ludlow and District Hospital.", ["Ludlow", "District", "Hospital"]],
    ] as const) {
      const out = await left(text);
      for (const w of gone) expect(out, text).not.toContain(w);
    }
    expect(await clean("Discussed with Diagnostic Imaging and Internal Medicine.")).toBe("Discussed with Diagnostic Imaging and Internal Medicine.");
  });

  it("keeps clinical lines: four-digit clock times, lab tests and scores before their values, medicines before ratios and units", async () => {
    for (const text of [
      "OBS (0400): T 37.2 HR 92 RR 20 BP 118/70",
      "I/O: 1800/1450 over 24 h",
      "Bloods: WBC 9.1, Plt 340, Na 131, K 3.9, Cr 1.1",
      "Turned 2-hourly. Waterlow 18 overnight, MUST 2.",
      "Continue Humulin 30/70, 18 U mane.",
      "Oxygen via Optiflow 4 L/min.",
      "Co-amoxiclav 625 mg TDS for five days.",
      "Seen in Resus, then neuro obs hourly; sample haemolysed.",
    ]) expect(await clean(text), text).toBe(text);
  });

  it("does not carry an address block into a contact line, a label or a heading before a dash, or a text's other-language heading", async () => {
    const out = await clean("Flat 4, 19 Larchfield Road\nKendleton KD4 2PL\nMobile 07700 900 321\nLABORATORY REPORT — Harrowgate Pathology\nWard: 6. Lab No: QX-22019");
    for (const w of ["Mobile", "LABORATORY REPORT", "Lab No:"]) expect(out).toContain(w);
    for (const w of ["Larchfield", "Kendleton", "KD4", "07700", "Harrowgate", "22019"]) expect(out).not.toContain(w);
    const es = await clean("Centro médico: Consultorio Valdeluz, 28050 Madrid\nInforme clínico del paciente\nTratamiento farmacológico: sertralina 50 mg.");
    for (const w of ["Informe clínico", "Tratamiento farmacológico"]) expect(es).toContain(w);
    expect(es).not.toContain("Valdeluz");
  });
});

describe("recall mode, eleventh round (#16): safe words of the text's own language (sentences written for this test)", () => {
  it("keeps the capitalised ordinary words of a German, Spanish, Dutch or Portuguese text; names and places there still go", async () => {
    const de = await clean("Sehr geehrte Kolleginnen,\nwir berichten über die Behandlung von Frau Ortrud Kesselbrink aus 48143 Münster. Die Entlassung erfolgte gestern; die Ehefrau ihres Sohnes begleitet sie.\nMit freundlichen Grüßen");
    for (const w of ["Behandlung", "Entlassung", "Ehefrau", "Sohnes", "Grüßen"]) expect(de, w).toContain(w);
    for (const w of ["Ortrud", "Kesselbrink", "48143", "Münster"]) expect(de, w).not.toContain(w);
    const es = await clean("Paciente con dolor torácico. Mejor hoy, duerme cinco horas. Vive con su hija Yolanda Urrutikoetxea en la calle Alondra 7.");
    for (const w of ["Mejor", "Vive"]) expect(es, w).toContain(w);
    for (const w of ["Yolanda", "Urrutikoetxea", "Alondra"]) expect(es, w).not.toContain(w);
    const nl = await clean("Geachte collega, mevrouw Sterre van den Akker werd gezien op de polikliniek. Met vriendelijke groet, dokter Joost Wolterink");
    for (const w of ["Sterre", "Akker", "Joost", "Wolterink"]) expect(nl, w).not.toContain(w);
  });

  it("keeps clinical words of another language spelled as the English one (-ie, -ia, -io, k for c)", async () => {
    const out = await clean("Der Patient kam nach einer Synkope in die Kardiologie; Diagnose: Pneumonie und Hyponatriämie, wir haben das mit ihm besprochen.");
    for (const w of ["Synkope", "Kardiologie", "Pneumonie"]) expect(out, w).toContain(w);
  });

  it("removes lower-case chat speakers at a line's start and a weekday of any language before a day and month in digits", async () => {
    const chat = await clean("07:02 bogdana: obs done in bay 3\n07:05 teodoro: thanks, fluids up\n07:09 bogdana: ok");
    for (const w of ["bogdana", "teodoro"]) expect(chat, w).not.toContain(w);
    expect(chat).toContain("obs done in bay 3");
    for (const [text, gone] of [
      ["Cita el jueves 12/03 con la enfermera.", ["jueves", "12/03"]],
      ["Termin am Freitag 6.2. bestätigt.", ["Freitag", "6.2"]],
      ["rang back sat 14/09 about the rash", ["sat", "14/09"]],
    ] as const) {
      const out = await clean(text);
      for (const w of gone) expect(out, text).not.toContain(w);
    }
    expect(await clean("Pain score 3/10 on Monday, ratio 1/2 today.")).toContain("3/10");
  });

  it("does not make an English text's words safe through another language's list", async () => {
    // "Mondo" and "Viele" are words of Italian and German: in an English text they are unknown capitalised words.
    const out = await left("Referred by Dr Mondo Viele after the fall; reviewed in clinic today.");
    for (const w of ["Mondo", "Viele"]) expect(out).not.toContain(w);
  });
});

describe("recall mode, thirteenth round (#16): slots only a person, an issuer or a workplace fills (sentences written for this test)", () => {
  it("removes handles and initials that open turns, whatever the word lists say; keeps roles and their abbreviations", async () => {
    const out = await clean("[10:01] bo: anyone got the keys\n[10:02] ki: in the drawer\n[10:04] bo: ta\n[10:05] ki: np");
    for (const w of ["bo:", "ki:"]) expect(out).not.toContain(w);
    const roles = await clean("Pt: still sore\nDr: ok, more analgesia\nPt: thanks\nDr: see you tomorrow\nFacilitator: welcome\nFacilitator: next");
    for (const w of ["Pt:", "Dr:", "Facilitator:"]) expect(roles).toContain(w);
  });

  it("removes a given name that is also a word after a relation, in a list of people, with a possessive, before a person's verb, after a greeting", async () => {
    const out = await clean("her nan pearl rang twice. Group: Oakley, Ruby, Hazel, Ivy. Willow's school called. Poppy attended alone. Hi Sunny,");
    for (const w of ["pearl", "Ruby", "Hazel", "Ivy", "Willow", "Poppy", "Sunny"]) expect(out).not.toContain(w);
    expect(out).toContain("'s school called");
    // A modal verb after a relation, and an eponym with its possessive, stay.
    expect(await clean("my son will call tomorrow about Addison's disease")).toBe("my son will call tomorrow about Addison's disease");
  });

  it("removes the names an e-mail address is made of, and workplaces named after what they are", async () => {
    const out = await clean("From: Tansy Quarrell <tansy.quarrell@example.org>\nThanks, Tansy\nShe works at Brindlecombe Freight Depot.");
    for (const w of ["Tansy", "Quarrell", "Brindlecombe", "Freight", "Depot"]) expect(out).not.toContain(w);
    expect(await clean("Paper forms are in the Ward Manager's office.")).toContain("Ward Manager's office");
  });

  it("removes the issuer after a letter title's dash and at the head of a text in another script; keeps the title", async () => {
    const out = await clean("Epikrise — Vestbrook Universitetssygehus, Kardiologisk Afsnit\nPatient: Ole Dam\nIndlagt 3. maj 2025 med brystsmerter på grund af angina, udskrevet efter fire dage.");
    for (const w of ["Vestbrook", "Universitetssygehus", "Ole", "Dam"]) expect(out).not.toContain(w);
    expect(out).toContain("Epikrise");
    expect(await clean("PROGRESS NOTE — Outpatient Psychiatry\nMood better.")).toContain("Outpatient Psychiatry");
    const script = await clean("סיכום ביקור — בית החולים הדר, חיפה\nאבחנה: שפעת.");
    for (const w of ["הדר", "חיפה"]) expect(script).not.toContain(w);
    expect(script).toContain("סיכום ביקור");
  });
});

/**
 * The Latin-script failure classes of blind-10 (#16, helper deidrec21), one text each written for this test (none of the
 * set's strings): each identifier is removed as ONE span of the right kind, as the entity-level scorer asks.
 */
describe("recall mode: blind-10's Latin-script failure classes", () => {
  /** The spans of `text`, as "TYPE:covered text". */
  const spans = async (text: string) => (await recall.detect(text)).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

  it("removes a speaker named in brackets after a role in capitals, and as a person, not a place", async () => {
    const text = "1\n00:00:01,000 --> 00:00:03,000\nCOUNSELLOR (BRANWEN): How was the week?\n\n2\n00:00:03,500 --> 00:00:06,000\nCLIENT (OLUWASEUN): Better, thanks.\n\n3\n00:00:06,500 --> 00:00:08,000\nCOUNSELLOR (BRANWEN): Good.\n\n4\n00:00:08,500 --> 00:00:09,000\nCLIENT (OLUWASEUN): Yes.";
    const found = await spans(text);
    expect(found.filter((s) => s === "NAME:BRANWEN")).toHaveLength(2);
    expect(found.filter((s) => s === "NAME:OLUWASEUN")).toHaveLength(2);
    expect(found.some((s) => s.startsWith("LOCATION:OLUWASEUN"))).toBe(false);
    const out = await clean(text);
    expect(out).toContain("COUNSELLOR (");
    expect(out).toContain("CLIENT (");
  });

  it("removes lower-case chat handles: after '--', with a full stop inside, and a speaker who opens one turn", async () => {
    const dashes = await clean("any news on bed 4?\n-- kt: family coming at 6\n-- rab: ok, i'll tell the nurse\n-- kt: ty");
    for (const w of ["kt:", "rab:"]) expect(dashes).not.toContain(w);
    const dotted = await spans("ops channel\nmarta.v: anyone on call for theatres?\nlorcan: me till 8\nmarta.v: ta");
    expect(dotted.filter((s) => s === "NAME:marta.v")).toHaveLength(2);
    const once = await clean("sms\nme: hi faith, your repeat is ready\nfaith: great thanks, my husband will collect\nme: no problem");
    expect(once).not.toContain("faith");
    // Capitalised form labels that open one line stay.
    expect(await clean("Ward: 7B\nBed: 12\nPlan: review in the morning")).toContain("Ward:");
  });

  it("removes a name written surname first as one span, with a short or English given name, and keeps a list of two people apart", async () => {
    expect(await spans("Patient: PRZYBYLSKA, HALINA   MRN: Q7712049")).toContain("NAME:PRZYBYLSKA, HALINA");
    expect(await spans("Name: Fifita, Mele      NHI: ABC1234")).toContain("NAME:Fifita, Mele");
    const chat = await spans("Teams chat\nNgcobo, Jo  08:14\ncan someone review bed 3?\nHåkansson, Ib  08:15\non my way");
    expect(chat).toEqual(expect.arrayContaining(["NAME:Ngcobo, Jo", "NAME:Håkansson, Ib"]));
    // Professional letters after the comma stay, and so do two people named in full.
    expect(await clean("Witness: Tavita, RN")).toContain("RN");
    expect((await spans("Facilitators: Renske Oyelaran, Torvald Nkemelu")).filter((s) => s.startsWith("NAME:"))).toHaveLength(2);
  });

  it("removes a header's display name and a given name that is an ordinary word where it signs the message", async () => {
    const out = await clean("From: Blessing Amankwah-Storey <bas1979@example.com>\nTo: clinic@example.org\nSubject: repeat\n\nCould I have my inhaler repeated please?\nBlessing");
    expect(out).not.toContain("Blessing");
    const english = await clean("From: Clover Ashdown-Mbeki <cam@example.net>\nTo: desk@example.org\n\nPlease call me back.\nClover");
    expect(english).not.toContain("Clover");
    // The same word in lower case, as a word, stays.
    expect(await clean("From: Faith Okonkwo-Reid <fo@example.com>\n\nI have faith in the plan.\nFaith")).toContain("faith in the plan");
  });

  it("removes spelled-out dates and numbers with commas as one span", async () => {
    const date = "Client: Twenty-first of March, seventy-nine.";
    expect(await spans(date)).toContain("DATE:Twenty-first of March, seventy-nine");
    const phone = "call me back on six one seven, four four two, nine nine eight one please";
    expect(await spans(phone)).toContain("PHONE:six one seven, four four two, nine nine eight one");
  });

  it("removes dates a form prints with spaces, a weekday with a day of the month, and a weekday with day/month", async () => {
    expect(await spans("DOB: 09 23 1977  M")).toContain("DATE:09 23 1977");
    expect(await spans("DOS 04 11 25  CPT 90834")).toContain("DATE:04 11 25");
    expect(await spans("Review booked for Tues 17th with the CPN.")).toContain("DATE:Tues 17th");
    expect(await spans("Home leave agreed for Fri 11/9 afternoon.")).toContain("DATE:Fri 11/9");
    // A phone number with spaces is no date.
    expect((await spans("Tel 0161 14 1983")).some((s) => s.startsWith("DATE:"))).toBe(false);
  });

  it("removes facility and firm names with their head noun whole", async () => {
    expect(await spans("Lives at: Hawthorn Lodge Care Home, Frome")).toContain("LOCATION:Hawthorn Lodge Care Home, Frome");
    expect(await spans("Facility: Wattlebrae Aged Care, Orange")).toEqual(expect.arrayContaining([expect.stringMatching(/^LOCATION:Wattlebrae Aged Care/)]));
    expect(await spans("Facility: Our Lady of Lourdes Hospital, Drogheda")).toEqual(expect.arrayContaining([expect.stringMatching(/^LOCATION:Our Lady of Lourdes Hospital/)]));
    expect(await spans("Referred to Brompton Lung and Sleep Hospital last week.")).toContain("LOCATION:Brompton Lung and Sleep Hospital");
    expect(await spans("Employer: Kalgoorlie Ore Carting Pty Ltd")).toContain("LOCATION:Kalgoorlie Ore Carting Pty Ltd");
    expect(await spans("She fell at the Sri Murugan Hindu Temple on Sunday.")).toEqual(expect.arrayContaining([expect.stringMatching(/^LOCATION:.*Murugan Hindu Temple$/)]));
    // A department stays.
    expect(await clean("Seen in the Memory Clinic today.")).toContain("Memory Clinic");
  });

  it("removes a shop or unit number with its street address, and a unit/house number with a slash", async () => {
    expect(await spans("Your appointment is at Shop 7, 204 Gympie Rd, Kedron.")).toEqual(expect.arrayContaining([expect.stringMatching(/^LOCATION:Shop 7, 204 Gympie Rd/)]));
    expect(await spans("Bill to: Mr Tane Ruka, 12/48 Dominion Rd, Mt Eden")).toEqual(expect.arrayContaining([expect.stringMatching(/^LOCATION:12\/48 Dominion Rd/)]));
  });
});
