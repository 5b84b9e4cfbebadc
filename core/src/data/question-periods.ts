/**
 * Periods, ranges and numbers a data question names, read without a language
 * model: "last month", "this week", "in the past 30 days", "in March",
 * "since 2026-01-01", "between 2026-01-01 and 2026-02-01", "aged 60–69",
 * "over 65", "within 30 days". Dates are ISO `YYYY-MM-DD`, periods half-open
 * `[start, end)`, in UTC.
 */
export interface Period {
  start: string;
  end: string;
  /** The words that named it, for the answer's one-line reading. */
  phrase: string;
}

export interface NumberRange {
  min?: number;
  max?: number;
  phrase: string;
}

/** A length of time the text names ("2-hour", "90 minutes", "a fortnight"), in minutes. */
export interface Duration {
  minutes: number;
  phrase: string;
}

export interface QuestionFacts {
  period?: Period;
  range?: NumberRange;
  /** Numbers not consumed by the period or range, in order. */
  numbers: number[];
  /** Lengths of time not consumed by the period, in order. */
  durations: Duration[];
}

const UNIT_MINUTES: Array<[RegExp, number]> = [[/^min/, 1], [/^(h|hr|hour)/, 60], [/^day/, 1440], [/^(wk|week)/, 10_080], [/^fortnight/, 20_160], [/^month/, 43_200]];

/** Durations a text names, in order: a number or "a"/"an" and a unit of minutes to months. */
export function readDurations(text: string): Duration[] {
  const out: Duration[] = [];
  const re = /\b(?:(\d{1,4}(?:\.\d+)?)[ -]?(h|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?)|(an?|one|two|three|four|six|twelve)[ -](minutes?|hours?|days?|weeks?|fortnights?|months?))\b/gi;
  for (const g of text.matchAll(re)) {
    const word = g[3]?.toLowerCase();
    const n = word ? (word === "a" || word === "an" ? 1 : WORD_NUMBERS[word]!) : Number(g[1]);
    const unit = (g[2] ?? g[4]!).toLowerCase();
    const per = UNIT_MINUTES.find(([u]) => u.test(unit))?.[1];
    if (per && Number.isFinite(n) && n > 0) out.push({ minutes: Math.round(n * per), phrase: g[0].trim() });
  }
  return out;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
const addDays = (d: Date, n: number) => utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n);
const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fourteen: 14, thirty: 30, sixty: 60, ninety: 90 };

/** Easter Sunday of a year (the anonymous Gregorian computus). */
export function easterSunday(year: number): Date {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  return utc(year, Math.floor((h + l - 7 * m + 114) / 31) - 1, ((h + l - 7 * m + 114) % 31) + 1);
}

/** Reads the period, range and loose numbers of a question, relative to `now`. */
export function readQuestionFacts(question: string, now: Date): QuestionFacts {
  let text = ` ${question.toLowerCase().replace(/[–—]/g, "-").replace(/[?!.,;]+(\s|$)/g, " ")} `;
  for (const [w, n] of Object.entries(WORD_NUMBERS)) text = text.replace(new RegExp(`\\b${w}\\b`, "g"), String(n));
  // Month names as staff shorten them ("oct", "sept"); "mar" and "may" stay words unless a date sits by them.
  text = text.replace(/\b(jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\b/g, (a) => MONTHS.find((m) => m.startsWith(a.slice(0, 3)))!)
    .replace(/\b(\d{1,2}(?:st|nd|rd|th)?) mar\b|\bmar (\d{4})\b/g, (a) => a.replace("mar", "march"));
  const today = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const facts: QuestionFacts = { numbers: [], durations: [] };
  const take = (re: RegExp, f: (g: RegExpMatchArray) => Period | undefined) => {
    if (facts.period) return;
    const g = text.match(re);
    if (!g) return;
    const p = f(g);
    if (!p) return;
    facts.period = p;
    text = text.replace(g[0], " ");
  };
  const monday = addDays(today, -((today.getUTCDay() + 6) % 7));
  take(/\b(?:between|from) (\d{4}-\d{2}-\d{2}) (?:and|to|until) (\d{4}-\d{2}-\d{2})\b/, (g) => ({ start: g[1]!, end: iso(addDays(new Date(`${g[2]!}T00:00:00Z`), 1)), phrase: g[0].trim() }));
  const M = MONTHS.join("|");
  const monthDay = (month: string, d: string, year?: string) => {
    const mi = MONTHS.indexOf(month);
    const yy = year ? Number(year) : mi <= m ? y : y - 1;
    return utc(yy, mi, Number(d));
  };
  // "between 1 and 15 November", "from 3 to 9 march": both ends inclusive.
  take(new RegExp(`\\b(?:between|from) (\\d{1,2})(?:st|nd|rd|th)? (?:and|to|until|-) (\\d{1,2})(?:st|nd|rd|th)? (${M})(?: (\\d{4}))?\\b`), (g) =>
    ({ start: iso(monthDay(g[3]!, g[1]!, g[4])), end: iso(addDays(monthDay(g[3]!, g[2]!, g[4]), 1)), phrase: g[0].trim() }));
  // "since 1 October", "since october 1st"
  take(new RegExp(`\\bsince (?:(\\d{1,2})(?:st|nd|rd|th)? (${M})|(${M}) (\\d{1,2})(?:st|nd|rd|th)?)(?: (\\d{4}))?\\b`), (g) =>
    ({ start: iso(monthDay((g[2] ?? g[3])!, (g[1] ?? g[4])!, g[5])), end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  // Since a holiday: its most recent date (Easter by the Gregorian computus).
  take(/\bsince (?:the )?(easter|new year|christmas|xmas)\b/, (g) => {
    const on = (yy: number) => g[1] === "easter" ? easterSunday(yy) : g[1] === "new year" ? utc(yy, 0, 1) : utc(yy, 11, 25);
    const start = on(y) <= today ? on(y) : on(y - 1);
    return { start: iso(start), end: iso(addDays(today, 1)), phrase: g[0].trim() };
  });
  take(new RegExp(`\\bsince (${M})(?: (\\d{4}))?\\b`), (g) => {
    const mi = MONTHS.indexOf(g[1]!);
    return { start: iso(utc(g[2] ? Number(g[2]) : mi <= m ? y : y - 1, mi, 1)), end: iso(addDays(today, 1)), phrase: g[0].trim() };
  });
  // Halves of the year: "first half of the year", "h2 2025".
  take(/\b(?:the )?(?:(first|1st|second|2nd) half(?: of (?:the|this) year)?|h([12]))(?: (\d{4}))?\b/, (g) => {
    const second = g[2] ? g[2] === "2" : /second|2nd/.test(g[1]!);
    const year = g[3] ? Number(g[3]) : y;
    return { start: iso(utc(year, second ? 6 : 0, 1)), end: iso(utc(year, second ? 12 : 6, 1)), phrase: g[0].trim() };
  });
  take(/\b(?:in |over |during )?(?:the )?(?:last|past|previous) fortnight\b/, (g) => ({ start: iso(addDays(today, -14)), end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  take(/\bsince the (?:start|beginning) of the (month|year)\b/, (g) => ({ start: g[1] === "month" ? iso(utc(y, m, 1)) : `${y}-01-01`, end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  take(/\b(?:last|previous|this|current) quarter\b/, (g) => {
    const q = Math.floor(m / 3) - (/last|previous/.test(g[0]) ? 1 : 0);
    const start = utc(y, q * 3, 1);
    return { start: iso(start), end: /last|previous/.test(g[0]) ? iso(utc(y, q * 3 + 3, 1)) : iso(addDays(today, 1)), phrase: g[0].trim() };
  });
  take(/\bsince (\d{4}-\d{2}-\d{2})\b/, (g) => ({ start: g[1]!, end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  take(/\b(?:in |over |during |for )?(?:the )?(?:last|past|previous) (\d{1,3}) (day|week|month)s?\b/, (g) => {
    const n = Number(g[1]);
    const start = g[2] === "day" ? addDays(today, -n) : g[2] === "week" ? addDays(today, -7 * n) : utc(y, m - n, today.getUTCDate());
    return { start: iso(start), end: iso(addDays(today, 1)), phrase: g[0].trim() };
  });
  take(/\b(?:last|previous|the past|past) month\b/, (g) => ({ start: iso(utc(y, m - 1, 1)), end: iso(utc(y, m, 1)), phrase: g[0].trim() }));
  take(/\b(?:this|current|the current) month\b|\bmonth to date\b|\bso far this month\b/, (g) => ({ start: iso(utc(y, m, 1)), end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  take(/\b(?:last|previous|the past|past) week\b/, (g) => ({ start: iso(addDays(monday, -7)), end: iso(monday), phrase: g[0].trim() }));
  take(/\b(?:this|current) week\b/, (g) => ({ start: iso(monday), end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  take(/\b(?:last|previous) year\b/, (g) => ({ start: `${y - 1}-01-01`, end: `${y}-01-01`, phrase: g[0].trim() }));
  take(/\b(?:this year|year to date|so far this year)\b/, (g) => ({ start: `${y}-01-01`, end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  take(/\byesterday\b/, (g) => ({ start: iso(addDays(today, -1)), end: iso(today), phrase: g[0].trim() }));
  take(/\btoday\b/, (g) => ({ start: iso(today), end: iso(addDays(today, 1)), phrase: g[0].trim() }));
  take(new RegExp(`\\b(?:in |during |for )?(${MONTHS.join("|")})(?: (\\d{4}))?\\b`), (g) => {
    const month = MONTHS.indexOf(g[1]!);
    // "May" alone is also a verb: only a month when a year follows or "in/during/for" precedes it.
    if (g[1] === "may" && !g[2] && !/^(in|during|for) /.test(g[0])) return undefined;
    const year = g[2] ? Number(g[2]) : month <= m ? y : y - 1;
    return { start: iso(utc(year, month, 1)), end: iso(utc(year, month + 1, 1)), phrase: g[0].trim() };
  });
  take(/\b(?:in )?q([1-4])(?: (\d{4}))?\b/, (g) => {
    const q = Number(g[1]) - 1;
    const year = g[2] ? Number(g[2]) : y;
    return { start: iso(utc(year, q * 3, 1)), end: iso(utc(year, q * 3 + 3, 1)), phrase: g[0].trim() };
  });

  // Before the ranges take their numbers: "under 2 hours" is a duration for a parameter in a unit.
  facts.durations = readDurations(text);
  const range = (re: RegExp, f: (g: RegExpMatchArray) => NumberRange) => {
    if (facts.range) return;
    const g = text.match(re);
    if (!g) return;
    facts.range = f(g);
    text = text.replace(g[0], " ");
  };
  range(/\b(\d{1,3}) ?(?:-|to|through) ?(\d{1,3})\b/, (g) => ({ min: Number(g[1]), max: Number(g[2]), phrase: g[0].trim() }));
  range(/\bbetween (\d{1,3}) and (\d{1,3})\b/, (g) => ({ min: Number(g[1]), max: Number(g[2]), phrase: g[0].trim() }));
  range(/\b(?:over|above|older than|more than|at least) (\d{1,3})\b|\b(\d{1,3})\+|\b(\d{1,3}) (?:and|or) (?:over|older|above)\b/, (g) => ({ min: Number(g[1] ?? g[2] ?? g[3]) + (/over|above|older than|more than/.test(g[0]) && !/and|or/.test(g[0]) ? 1 : 0), phrase: g[0].trim() }));
  range(/\b(?:under|below|younger than|less than) (\d{1,3})s?\b/, (g) => ({ max: Number(g[1]) - 1, phrase: g[0].trim() }));
  // "aged 60s", "in their 60s"
  range(/\b(\d)0s\b/, (g) => ({ min: Number(g[1]) * 10, max: Number(g[1]) * 10 + 9, phrase: g[0].trim() }));

  // "within 2 weeks" is 14 days.
  text = text.replace(/\b(\d{1,3}) weeks?\b/g, (_m, n: string) => `${Number(n) * 7} days`);
  for (const n of text.matchAll(/\b\d{1,4}\b/g)) facts.numbers.push(Number(n[0]));
  return facts;
}
