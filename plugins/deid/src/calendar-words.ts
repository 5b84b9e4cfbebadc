/**
 * Month and weekday names of the main European languages (and Turkish), from the Unicode CLDR data the JavaScript
 * runtime ships (`Intl.DateTimeFormat`, full ICU in Node): "17 septembre 1940", "3 de mayo de 1966", "16 Mart 1979",
 * "12. März 2025", "Mittwoch, 6. Januar". No list is written here, so no language's spelling is guessed.
 *
 * Long month names of five letters or more make a date with a day alone; shorter ones and abbreviations ("mars",
 * "mai", "mart", "gen", "okt") need the year too, since many are words of some language ("5 Mars bars").
 */

const LOCALES = ["fr", "es", "it", "pt", "de", "de-AT", "nl", "sv", "nb", "da", "fi", "pl", "tr", "cs", "ro", "hu", "hr", "ca", "ga", "cy",
  // (Other languages written in Latin script that clinics write letters in.)
  "is", "lt", "lv", "et", "sk", "sl", "sr-Latn", "bs", "sq", "sw", "id", "ms", "fil", "af", "gl", "eu", "mt"];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace(/ /g, "\\s+");
/** Longest first, so an alternation takes "septembre" before "sept". */
const alternation = (words: Iterable<string>) => [...new Set(words)].sort((a, b) => b.length - a.length).map(escape).join("|");
/** One formatter per locale and options, asked for every month or weekday (making a formatter costs about a millisecond). */
const namer = (locale: string, options: Intl.DateTimeFormatOptions, part: "month" | "weekday") => {
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
  return (date: Date) => format.formatToParts(date).find((p) => p.type === part)?.value.toLowerCase().replace(/\.$/, "");
};

function monthNames(): { long: Set<string>; short: Set<string> } {
  const long = new Set<string>();
  const short = new Set<string>();
  for (const locale of LOCALES) {
    // The name alone and the one written with a day (Polish, Czech, Finnish and Croatian decline it: "17 września").
    const longNames = ([{ month: "long" }, { day: "numeric", month: "long" }] as const).map((options) => namer(locale, options, "month"));
    const shortNames = ([{ month: "short" }, { day: "numeric", month: "short" }] as const).map((options) => namer(locale, options, "month"));
    for (let m = 0; m < 12; m++) {
      const date = new Date(Date.UTC(2020, m, 15));
      for (const named of longNames) {
        const name = named(date);
        if (name && /^\p{L}+(?: \p{L}+)?$/u.test(name)) (name.length >= 5 ? long : short).add(name);
      }
      for (const named of shortNames) {
        const name = named(date);
        if (name && /^\p{L}{3,}$/u.test(name)) short.add(name);
      }
    }
  }
  for (const name of long) short.delete(name);
  return { long, short };
}

function weekdayNames(): Set<string> {
  const out = new Set<string>();
  for (const locale of LOCALES) {
    const name = namer(locale, { weekday: "long" }, "weekday");
    for (let d = 0; d < 7; d++) {
      const n = name(new Date(Date.UTC(2020, 5, d + 1)));
      if (n && n.length >= 4 && /^\p{L}+(?:[ -]\p{L}+)?$/u.test(n)) out.add(n);
    }
  }
  return out;
}

const MONTHS = monthNames();
/** Month names of other languages that make a date with a day alone (regular-expression source, match case-insensitively). */
export const FOREIGN_MONTH_LONG = alternation(MONTHS.long);
/** Month names and abbreviations of other languages that make a date only with a year. */
export const FOREIGN_MONTH_SHORT = alternation(MONTHS.short);
/** Weekday names, English (with their abbreviations) and of other languages (regular-expression source, case-insensitive). */
export const WEEKDAY = alternation([
  ..."monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu thur thurs fri sat sun".split(" "),
  ...weekdayNames(),
]);
