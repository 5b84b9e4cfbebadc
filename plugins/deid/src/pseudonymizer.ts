import { createHmac } from "node:crypto";
import type { PhiType } from "@rounds/core";
import { FIRST_NAMES } from "./word-lists.ts";

/**
 * Consistent fake values for one document: the same original always gets the
 * same replacement within one call (keyed by an HMAC of the seed), names are
 * replaced word by word (so "Sarah Whitlock" and a later "Whitlock" agree),
 * and every date is shifted by the same number of days, so intervals survive.
 */

const GIVEN = ["Alex", "Sam", "Jordan", "Casey", "Taylor", "Riley", "Avery", "Jamie", "Morgan", "Quinn", "Rowan", "Emerson", "Harper", "Reese", "Skyler", "Dakota", "Finley", "Hayden", "Kendall", "Logan"];
const SURNAMES = ["Morgan", "Rivera", "Lee", "Brooks", "Quinn", "Hayes", "Stone", "Ellis", "Carter", "Bennett", "Foster", "Graham", "Hughes", "Keller", "Marsh", "Nolan", "Porter", "Reed", "Sutton", "Wells"];
const CITIES = ["Springfield", "Riverton", "Fairview", "Lakeside", "Greenville", "Milford", "Ashland", "Clayton", "Oakdale", "Westbrook"];
const STREETS = ["Elm", "Oak", "Pine", "Cedar", "Willow", "Birch", "Chestnut", "Walnut", "Spruce", "Hawthorn"];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const DAY_MS = 86_400_000;

export class Pseudonymizer {
  private readonly values = new Map<string, string>();
  private readonly used = new Map<string[], Set<string>>();
  private readonly shiftDays: number;

  constructor(private readonly seed: string) {
    const days = (this.hash("date-shift").readUInt32BE(0) % 361) - 180;
    this.shiftDays = days === 0 ? 17 : days;
  }

  replace(type: PhiType, original: string): string {
    const key = `${type}:${original.toLowerCase().replace(/\s+/g, " ")}`;
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.make(type, original);
      this.values.set(key, value);
    }
    return value;
  }

  private make(type: PhiType, original: string): string {
    switch (type) {
      case "NAME":
        return original.replace(/[\p{L}'’-]+/gu, (w) => {
          const plain = w.replace(/['’]s$/, "");
          const suffix = w.slice(plain.length);
          const fake = this.pick(FIRST_NAMES.has(plain.toLowerCase()) ? GIVEN : SURNAMES, `name:${plain.toLowerCase()}`);
          return (plain === plain.toUpperCase() && plain.length > 1 ? fake.toUpperCase() : fake) + suffix;
        });
      case "DATE":
        return shiftDate(original, this.shiftDays) ?? "[DATE]";
      case "AGE":
        return "90+";
      case "EMAIL":
        return `person.${this.hex(`email:${original.toLowerCase()}`, 6)}@example.org`;
      case "URL":
        return `https://example.org/${this.hex(`url:${original}`, 8)}`;
      case "IP":
        return original.includes(":")
          ? `2001:db8::${this.hex(`ip:${original}`, 4)}`
          : `192.0.2.${(this.hash(`ip:${original}`).readUInt8(0) % 254) + 1}`;
      case "LOCATION":
        if (/^\d/.test(original)) {
          const number = (this.hash(`street-no:${original}`).readUInt16BE(0) % 900) + 10;
          return `${number} ${this.pick(STREETS, `street:${original.toLowerCase()}`)} Street`;
        }
        if (/box/i.test(original)) return `PO Box ${(this.hash(`box:${original}`).readUInt16BE(0) % 9000) + 1000}`;
        return this.pick(CITIES, `city:${original.toLowerCase()}`);
      default:
        return this.scramble(type, original);
    }
  }

  /** Same shape, other characters: digits for digits, letters for letters (case kept), punctuation kept. */
  private scramble(type: PhiType, original: string): string {
    const bytes = this.hash(`${type}:${original.toUpperCase()}`);
    let i = 0;
    // Phone and fax numbers keep their letters ("ext", "x"); every other code gets new ones.
    return original.replace(type === "PHONE" || type === "FAX" ? /\d/g : /[0-9A-Za-z]/g, (c) => {
      const b = bytes[i++ % bytes.length]!;
      if (/\d/.test(c)) return String(b % 10);
      const letter = String.fromCharCode(65 + (b % 26));
      return c === c.toLowerCase() ? letter.toLowerCase() : letter;
    });
  }

  /** An HMAC pick from a list, never giving two originals the same fake. */
  private pick(list: string[], key: string): string {
    const cached = this.values.get(key);
    if (cached) return cached;
    const used = this.used.get(list) ?? new Set<string>();
    this.used.set(list, used);
    const start = this.hash(key).readUInt32BE(0) % list.length;
    let fake = list[start]!;
    for (let k = 0; k < list.length && used.has(fake); k++) fake = list[(start + k) % list.length]!;
    if (used.has(fake)) fake = `${fake}-${this.hex(key, 3)}`;
    used.add(fake);
    this.values.set(key, fake);
    return fake;
  }

  private hash(key: string): Buffer {
    return createHmac("sha256", this.seed).update(key).digest();
  }

  private hex(key: string, length: number): string {
    return this.hash(key).toString("hex").slice(0, length);
  }
}

const pad = (n: number, like: string) => String(n).padStart(like.length >= 2 ? 2 : 1, "0");
const ordinal = (d: number) => {
  const s = d % 100 >= 11 && d % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][d % 10] ?? "th";
  return `${d}${s}`;
};
const monthIndex = (word: string) => MONTHS.findIndex((m) => m.startsWith(word.toLowerCase().replace(/\.$/, "").slice(0, 3)));
/** Writes a month in the style of the original: "March", "Mar", "Mar.", "march". */
const monthLike = (index: number, like: string) => {
  const full = MONTHS[index]!;
  const bare = like.replace(/\.$/, "").toLowerCase();
  const abbreviated = bare !== MONTHS[monthIndex(bare)];
  let out = !abbreviated ? full : index === 8 && bare.length === 4 ? "sept" : full.slice(0, 3);
  if (/^\p{Lu}/u.test(like)) out = out[0]!.toUpperCase() + out.slice(1);
  return out + (like.endsWith(".") ? "." : "");
};
/** Without a year the shift is done in 2000 (a leap year), and the year stays out. */
const shift = (y: number, m: number, d: number, days: number) => {
  const t = new Date(Date.UTC(y, m, d) + days * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate() };
};

/** Shifts a date in any format the detector finds, keeping the format; undefined when it cannot be read. */
export function shiftDate(original: string, days: number): string | undefined {
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(original);
  if (m) {
    const r = shift(Number(m[1]), Number(m[3]) - 1, Number(m[4]), days);
    return `${r.y}${m[2]}${pad(r.m + 1, m[3]!)}${m[2]}${pad(r.d, m[4]!)}`;
  }
  m = /^(\d{1,2})([-/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?$/.exec(original);
  if (m) {
    const yy = m[4];
    const year = yy === undefined ? 2000 : yy.length === 4 ? Number(yy) : 2000 + Number(yy) - (Number(yy) > 50 ? 100 : 0);
    const r = shift(year, Number(m[1]) - 1, Number(m[3]), days);
    const y = yy === undefined ? "" : `${m[2]}${yy.length === 4 ? r.y : String(r.y % 100).padStart(2, "0")}`;
    return `${pad(r.m + 1, m[1]!)}${m[2]}${pad(r.d, m[3]!)}${y}`;
  }
  m = /^([A-Za-z]+\.?)(\s+)(the\s+)?(\d{1,2})(st|nd|rd|th)?(?:(,?\s+)(\d{4}))?$/.exec(original);
  if (m && monthIndex(m[1]!) >= 0) {
    const r = shift(m[7] ? Number(m[7]) : 2000, monthIndex(m[1]!), Number(m[4]), days);
    const day = m[5] ? ordinal(r.d) : String(r.d);
    return `${monthLike(r.m, m[1]!)}${m[2]}${m[3] ?? ""}${day}${m[7] ? `${m[6]}${r.y}` : ""}`;
  }
  m = /^(\d{1,2})(st|nd|rd|th)?(\s+(?:of\s+)?)([A-Za-z]+\.?)(?:(,?\s+)(\d{4}))?$/.exec(original);
  if (m && monthIndex(m[4]!) >= 0) {
    const r = shift(m[6] ? Number(m[6]) : 2000, monthIndex(m[4]!), Number(m[1]), days);
    const day = m[2] ? ordinal(r.d) : String(r.d);
    return `${day}${m[3]}${monthLike(r.m, m[4]!)}${m[6] ? `${m[5]}${r.y}` : ""}`;
  }
  m = /^([A-Za-z]+\.?)(,?\s+)(\d{4})$/.exec(original);
  if (m && monthIndex(m[1]!) >= 0) {
    const r = shift(Number(m[3]), monthIndex(m[1]!), 15, days);
    return `${monthLike(r.m, m[1]!)}${m[2]}${r.y}`;
  }
  return undefined;
}
