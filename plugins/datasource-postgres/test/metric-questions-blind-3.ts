/**
 * A third set of data questions for the demo practice's metrics
 * (`src/testing/demo-practice.ts`), written in one sitting by session
 * helper/match12 as clinic and shop staff type them (typos, shorthand,
 * relative dates such as "last fortnight", "since Easter", "Q3", ranges,
 * categories) and committed before it was first scored and before the
 * matcher was changed. The author had read the catalogue and the matcher (so
 * it is blind to the changes that follow, not to the matcher as it was).
 * It is report-only: the matcher is never tuned on it; improvements are made
 * looking at the first set and the independent set only. `metric: null`
 * means no metric answers it (a different question: dose, staff, prices,
 * names, registrations…) and the matcher must refuse it, listing the
 * metrics that exist. `parameters` lists what the question itself names,
 * read as of Sunday 2026-12-06 (date ends exclusive, as in the metrics' SQL;
 * Easter 2026 is Sunday 5 April).
 */
import type { MetricQuestion } from "./metric-questions.ts";

const q = (question: string, metric: string | null, parameters?: Record<string, string | number>): MetricQuestion =>
  ({ question, metric, split: "report", ...(parameters && { parameters }) });

export const BLIND_3_METRIC_QUESTIONS: MetricQuestion[] = [
  // treatments_given
  q("how many ket infusions since easter", "treatments_given", { treatment: "ketamine infusion", start: "2026-04-05" }),
  q("no of eye exams last fortnight", "treatments_given", { treatment: "eye exam", start: "2026-11-22" }),
  q("esketamine sprays in Q2?", "treatments_given", { treatment: "esketamine nasal spray", start: "2026-04-01", end: "2026-07-01" }),
  q("lens fitings done in the last 3 months", "treatments_given", { treatment: "lens fitting", start: "2026-09-06" }),
  q("eye tests between 1st and 20th Nov", "treatments_given", { treatment: "eye exam", start: "2026-11-01", end: "2026-11-21" }),
  q("how many ketamine infusions in oct 2026", "treatments_given", { treatment: "ketamine infusion", start: "2026-10-01", end: "2026-11-01" }),
  q("total procedures done this wk", "treatments_given", { start: "2026-11-30" }),
  q("infusions given from 2026-09-01 to 2026-09-30", "treatments_given", { start: "2026-09-01", end: "2026-10-01" }),
  q("ketamine infusion numbers for the first half of the year", "treatments_given", { treatment: "ketamine infusion", start: "2026-01-01", end: "2026-07-01" }),
  q("# of contact lens fittings in sept", "treatments_given", { treatment: "lens fitting", start: "2026-09-01", end: "2026-10-01" }),
  q("how many eye exams have we done since new year", "treatments_given", { treatment: "eye exam", start: "2026-01-01" }),

  // low_stock
  q("what's low in stock rn", "low_stock"),
  q("any meds below reorder lvl?", "low_stock", { category: "medication" }),
  q("Which coatings do we need to re-order", "low_stock", { category: "lens coating" }),
  q("stock alert - frames", "low_stock", { category: "frame" }),
  q("are we out of contact lenses", "low_stock", { category: "contact lens" }),
  q("Items to restock", "low_stock"),
  q("Whats under minimum stock", "low_stock"),
  q("do we need to order more ketamine vials", "low_stock"),

  // follow_up_within
  q("how many 70-79 yr olds had a review appt within 2 wks of consult", "follow_up_within", { age_min: 70, age_max: 79, days: 14 }),
  q("follow up rate in 14 days for over 80s", "follow_up_within", { age_min: 80, days: 14 }),
  q("patients aged 18 to 30 seen for follow-up within 10 days", "follow_up_within", { age_min: 18, age_max: 30, days: 10 }),
  q("how many came back for follow up within 48 hours of their consultation", "follow_up_within", { days: 2 }),
  q("Follow ups within a month for under 40s", "follow_up_within", { age_max: 39, days: 30 }),
  q("% of patients re-booked for follow-up inside 3 weeks", "follow_up_within", { days: 21 }),
  q("follow-up within 60 days, ages 50+", "follow_up_within", { age_min: 50, days: 60 }),
  q("how many seniors returned for follow-up within 30d", "follow_up_within", { days: 30 }),
  q("patients in their 20s who had a follow up within 5 days", "follow_up_within", { age_min: 20, age_max: 29, days: 5 }),

  // appointments_by_status
  q("how many DNA'd last fortnight", "appointments_by_status", { start: "2026-11-22" }),
  q("no shows since easter", "appointments_by_status", { start: "2026-04-05" }),
  q("cancelled appts in Q3", "appointments_by_status", { start: "2026-07-01", end: "2026-10-01" }),
  q("how many consults were missed in nov", "appointments_by_status", { kind: "consultation", start: "2026-11-01", end: "2026-12-01" }),
  q("attendance figures for follow-up appts last week", "appointments_by_status", { kind: "follow-up", start: "2026-11-23", end: "2026-11-30" }),
  q("how many infusion appointments got cancelled this month", "appointments_by_status", { kind: "infusion", start: "2026-12-01" }),
  q("missed eye exam appointments between 2026-10-01 and 2026-10-31", "appointments_by_status", { kind: "eye exam", start: "2026-10-01", end: "2026-11-01" }),
  q("appt status breakdown ytd", "appointments_by_status", { start: "2026-01-01" }),
  q("how many ppl didnt show up yesterday", "appointments_by_status", { start: "2026-12-05", end: "2026-12-06" }),
  q("How many bookings were there last month", "appointments_by_status", { start: "2026-11-01", end: "2026-12-01" }),

  // sales_by_category
  q("frame revenue last qtr", "sales_by_category", { category: "frame", start: "2026-07-01", end: "2026-10-01" }),
  q("sales since easter", "sales_by_category", { start: "2026-04-05" }),
  q("how much $ did contact lenses make in oct", "sales_by_category", { category: "contact lens", start: "2026-10-01", end: "2026-11-01" }),
  q("income from coatings this yr", "sales_by_category", { category: "lens coating", start: "2026-01-01" }),
  q("what did we sell last wk", "sales_by_category", { start: "2026-11-23", end: "2026-11-30" }),
  q("Takings in the last 60 days by category", "sales_by_category", { start: "2026-10-07" }),
  q("medication sales Q1 2026", "sales_by_category", { category: "medication", start: "2026-01-01", end: "2026-04-01" }),
  q("how many frames did we sell in the last fortnight", "sales_by_category", { category: "frame", start: "2026-11-22" }),
  q("gross sales for the month of august", "sales_by_category", { start: "2026-08-01", end: "2026-09-01" }),

  // short_observation
  q("how many ketamine pts were observed for under 2 hrs after infusion", "short_observation", { minutes: 120 }),
  q("infusions with less than 90 min obs afterwards last month", "short_observation", { minutes: 90, start: "2026-11-01", end: "2026-12-01" }),
  q("post infusion monitoring under 60 mins in Q3", "short_observation", { minutes: 60, start: "2026-07-01", end: "2026-10-01" }),
  q("patients not observed long enough after their ketamine", "short_observation"),
  q("How many infusions had obs time below 45 minutes", "short_observation", { minutes: 45 }),
  q("observation breaches after infusions in the last 30 days", "short_observation", { start: "2026-11-06" }),

  // patients_by_age_band
  q("age mix of pts", "patients_by_age_band"),
  q("how many patients in each age bracket", "patients_by_age_band"),
  q("patient demographics by age", "patients_by_age_band"),
  q("Split our patient list by age groups pls", "patients_by_age_band"),

  // No metric answers these: each must be refused (a metric would answer a different question).
  q("What's the avg ketamine dose per infusion?", null),
  q("Which clinician did the most eye exams last month?", null),
  q("how many new patients registered since easter", null),
  q("what's the price of a titanium frame", null),
  q("How many patients are female?", null),
  q("List the names of patients who missed appointments", null),
  q("when is the next delivery from the supplier", null),
  q("what's the cancellation policy", null),
  q("how many patients live in each state", null),
  q("Average wait time for an appt this month", null),
  q("How many refunds did we issue last month?", null),
  q("staff sick days in Q3", null),
  q("what's our profit margin on frames", null),
  q("How many phone calls did reception take yesterday", null),
];
