import type { PhiType } from "@rounds/core";
import { fold, IN, type Vocabulary } from "./vocabulary.ts";
import type { WordToken } from "./word-tokens.ts";

/**
 * Speakers of a chat or a transcript (recall mode): the word that opens a turn, after the line's time stamp, channel or
 * title ("[14:05] aroha: …", "mon 09:02 — jo: …", "-- jt: …", "19:41 — dr. Thiago: …", "sarah k: …", "priya.r: …"), or
 * in brackets after a role in capitals ("THERAPIST (ANWEN): …"), in a text of two such turns or more. Such a word is a name, with every other mention of it in the text ("tell dawn we faxed it"), when it is
 *
 * - a given name of any list, unless it is also a kinship word ("Son:", "Mum:"); one that is also an English word opens
 *   two turns or more ("hazel:", not "Ward:" once in a form), or
 * - no English word and it opens two turns or more, unless it is a word of the text's other language ("Paciente:",
 *   "Terapeuta:" in a Spanish or Portuguese transcript), or
 * - a word of four letters or fewer, no frequent English word and no role abbreviation, that opens two turns or more
 *   with words after them: a handle, nickname or initials
 *   ("mo:", "jk:", "JT:"), whatever the long English list says.
 *
 * Roles and form labels are English words that are no given names ("Nurse:", "Patient:", "Facilitator:", "Plan:") and
 * stay, and so do role abbreviations ("PT:", "RN:", "GP:").
 */
const TURN = /^[\t ]*@?(?:\[[^\]\n]{1,40}\][\t ]*)?(?:\p{L}{2,4}\.?,?[\t ]+(?=\d))?(?:\d{1,2}[:.]\d{2}(?::\d{2})?(?:[\t ]?[ap]m)?[\t ]*)?(?:[—–-]{1,2}[\t ]*)?(?:\p{L}{1,5}\.[\t ]*)?(?:\p{Lu}{2,20}[\t ]+\()?(\p{L}[\p{L}\p{M}'’]{1,23})(?:[\t .](\p{L})\.?)?\)?:(?=[\t ]|$)/dgimu;
/**
 * A turn whose clock time follows the speaker ("kip 08:03: on it", "QV 10:02  can someone…", "Oriel Fane 09:12: yes",
 * "dr_osk 08:04: K is 6.1"): the speaker's word, then a surname or the second part of a handle, then the time and a colon,
 * two spaces or the line's end.
 */
const TURN_BEFORE_TIME = /^[\t ]*@?(\p{L}[\p{L}\p{M}'’]{0,23})(?:([._])(\p{L}[\p{L}\p{M}]{0,23})|[\t ]+(\p{Lu}[\p{L}\p{M}'’-]{1,23}))?[\t ]+\d{1,2}:\d{2}(?::\d{2})?(?:[\t ]?[ap]m)?(?::(?=[\t ])|[\t ]{2,}(?=\S)|[\t ]*$)/dgimu;
/** Abbreviated roles and titles that open turns: "Pt:", "Dr:", "RN:", "Pharm:", "SW:". */
const ROLE_ABBREVIATIONS = new Set("pt pts dr drs rn np pa md gp ot sw hca cns slt reg sho fy doc pharm physio psych anaes cons mgr tl pm am".split(" "));
/** Days and months, which open a schedule's lines ("Mon 09:00", "Dec 10:30"). */
const CALENDAR = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|today|tomorrow|yesterday|tonight|at|from|until|by|before|after|since|and|or|to)$/i;
const PRONOUNS = new Set(["me", "us", "we", "he", "it", "hi"]);
const KIN = /^(?:brother|sister|son|daughter|wife|husband|partner|mother|father|mum|mom|dad|aunt|auntie|uncle|cousin|niece|nephew|friend|grandson|granddaughter|grandma|grandpa|granny|gran|nan|nana|carer|caregiver)$/;

export function chatSpeakers(text: string, tokens: readonly WordToken[], folded: readonly string[], v: Vocabulary, covered: (k: number) => boolean,
  removed: Map<number, PhiType>, otherLanguageWord: (lowerCaseWord: string) => boolean): void {
  if (!text.includes(":")) return;
  const turns = new Map<string, { count: number; spoken: number; lower: number; initials: number[] }>();
  let lines = 0;
  for (const m of text.matchAll(TURN)) {
    lines++;
    const word = fold(m[1]!);
    const turn = turns.get(word) ?? { count: 0, spoken: 0, lower: 0, initials: [] };
    turn.count++;
    if (m[1] === word) turn.lower++;
    // (A turn says words: "mo: anyone seen…", not "Tel: 0161…".)
    if (/^[\t ]*\p{L}/u.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4))) turn.spoken++;
    // (The initial after the name: "sarah k:".)
    if (m[2]) turn.initials.push(m.indices![2]![0]);
    turns.set(word, turn);
  }
  for (const m of text.matchAll(TURN_BEFORE_TIME)) {
    if (CALENDAR.test(m[1]!)) continue;
    lines++;
    // A handle in two parts ("dr_osk", "marlo.t") is one speaker; its parts go by position. A surname after the given name
    // goes with it.
    const word = m[3] ? fold(`${m[1]}${m[2]}${m[3]}`) : fold(m[1]!);
    const turn = turns.get(word) ?? { count: 0, spoken: 0, lower: 0, initials: [] };
    turn.count++;
    if (m[1] === m[1]!.toLowerCase()) turn.lower++;
    if (/^[\t ]*\p{L}/u.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4).replace(/^:/, ""))) turn.spoken++;
    if (m[3]) turn.initials.push(m.indices![1]![0], m.indices![3]![0]);
    if (m[4]) turn.initials.push(m.indices![4]![0]);
    turns.set(word, turn);
  }
  if (lines < 2) return;
  const names = new Set<string>();
  for (const [word, { count, spoken, lower }] of turns) {
    const flags = v.flags(word);
    // A turn opened once in lower case, with words after it, in a conversation of three turns or more by two speakers or
    // more: a form's labels are capitalised ("Ward:", "Town:"), a chat's speakers often not ("dawn: oh thank u", "-- dom: im here").
    const onceInChat = count === 1 && lower === 1 && spoken === 1 && lines >= 3 && turns.size >= 2 && word.length >= 3;
    // (A given name that is also an English word opens two turns or more: "Ward:", "Town:" and "Fax:" once are form labels.)
    const given = (flags & IN.anyGiven) !== 0 && !KIN.test(word) && ((flags & IN.safe) === 0 || count >= 2 || onceInChat);
    const unknown = (flags & IN.safe) === 0 && word.length >= 3 && count >= 2 && !otherLanguageWord(word);
    // A speaker slot filled twice or more by a short word no frequent English word, in any case: a handle, nickname or
    // initials ("mo:", "tash:", "jk:", "JT:"), though the long English list holds it as a word. Roles are frequent or longer
    // words ("Nurse:", "Client:", "Facilitator:", "Clinician:") or their usual abbreviations ("Pt:", "Dr:", "Pharm:").
    // (Not a clinical label abbreviation either: "Dx:", "Hx:", "Rx:".)
    // (Two letters are initials even when the frequency list holds them: "ab:", "mo:"; not "me:", "us:".)
    const handle = word.length <= 4 && (flags & IN.anyGiven) === 0 && ((flags & IN.frequent) === 0 || (word.length === 2 && !PRONOUNS.has(word))) && (spoken >= 2 || onceInChat) && turns.size >= 2 && !ROLE_ABBREVIATIONS.has(word) && !/^\p{L}x$/u.test(word) &&
      !otherLanguageWord(word);
    if (given || unknown || handle) names.add(word);
  }
  if (names.size === 0) return;
  const initials = new Set<number>();
  for (const word of names) for (const at of turns.get(word)!.initials) initials.add(at);
  for (let k = 0; k < tokens.length; k++) {
    // (A speaker the word-by-word rules took for a place is a person: "CLIENT (CHINEDU):".)
    if (covered(k) || (removed.has(k) && removed.get(k) !== "LOCATION")) continue;
    if (names.has(folded[k]!) || initials.has(tokens[k]!.start)) removed.set(k, "NAME");
  }
}
