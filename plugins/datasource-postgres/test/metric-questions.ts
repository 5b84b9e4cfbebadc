/**
 * Paraphrased data questions for the demo practice's metrics
 * (`src/testing/demo-practice.ts`), written before the matcher
 * was tuned. `metric: null` means no metric answers it and the question must
 * be refused. Alternate questions are the tuning split (the matcher's words
 * and threshold were adjusted looking at those only) and the report split
 * (only measured). `parameters` lists what the question itself names.
 */
export interface MetricQuestion {
  question: string;
  metric: string | null;
  split: "tune" | "report";
  parameters?: Record<string, string | number>;
}

const q = (question: string, metric: string | null, parameters?: Record<string, string | number>): Omit<MetricQuestion, "split"> =>
  ({ question, metric, ...(parameters && { parameters }) });

const written: Array<Omit<MetricQuestion, "split">> = [
  q("How many ketamine infusions did we run last month?", "treatments_given", { treatment: "ketamine infusion" }),
  q("Number of ketamine infusions given last month", "treatments_given", { treatment: "ketamine infusion" }),
  q("How many esketamine nasal spray treatments this month?", "treatments_given", { treatment: "esketamine nasal spray" }),
  q("Count of eye exams performed in the past 30 days", "treatments_given", { treatment: "eye exam" }),
  q("how many infusions happened this week", "treatments_given"),
  q("Total lens fittings done in March", "treatments_given", { treatment: "lens fitting" }),
  q("What treatments did we give last month and to how many people?", "treatments_given"),
  q("infusion count for the previous month", "treatments_given"),
  q("Which lens coatings are low on stock?", "low_stock", { category: "lens coating" }),
  q("What items are running low?", "low_stock"),
  q("Show stock below reorder level", "low_stock"),
  q("Which frames need reordering?", "low_stock", { category: "frame" }),
  q("Are we short of any medication in stock?", "low_stock", { category: "medication" }),
  q("list contact lenses under their reorder point", "low_stock"),
  q("What do we need to reorder?", "low_stock"),
  q("Which stock items are below the minimum level?", "low_stock"),
  q("How many patients aged 60–69 had a follow-up within 30 days?", "follow_up_within", { age_min: 60, age_max: 69, days: 30 }),
  q("Patients over 65 who came back for a follow-up within 14 days", "follow_up_within", { age_min: 66, days: 14 }),
  q("How many patients had a follow-up visit within 7 days of their consultation?", "follow_up_within", { days: 7 }),
  q("follow-up within 30 days for patients in their 40s", "follow_up_within", { age_min: 40, age_max: 49, days: 30 }),
  q("How many under 30s returned for follow-up within two weeks?", "follow_up_within", { age_max: 29 }),
  q("Rate of follow-ups within 30 days among patients 50 to 59", "follow_up_within", { age_min: 50, age_max: 59, days: 30 }),
  q("How many appointments were missed last month?", "appointments_by_status"),
  q("No-shows this month", "appointments_by_status"),
  q("Appointments by status for the last 30 days", "appointments_by_status"),
  q("How many consultations were cancelled last week?", "appointments_by_status", { kind: "consultation" }),
  q("How many appointments did we have in January?", "appointments_by_status"),
  q("attended vs missed appointments this year", "appointments_by_status"),
  q("What were our sales last month?", "sales_by_category"),
  q("Revenue by category this year", "sales_by_category"),
  q("How much did we sell in frames last month?", "sales_by_category", { category: "frame" }),
  q("Total takings for contact lenses in the past 30 days", "sales_by_category", { category: "contact lens" }),
  q("sales of lens coatings in q1", "sales_by_category", { category: "lens coating" }),
  q("How much revenue did we make this month?", "sales_by_category"),
  q("What is the age distribution of our patients?", "patients_by_age_band"),
  q("Patients by age band", "patients_by_age_band"),
  q("How old are our patients?", "patients_by_age_band"),
  q("Breakdown of patients by age", "patients_by_age_band"),
  q("What's the weather tomorrow?", null),
  q("Who is our busiest clinician?", null),
  q("How many staff are working on Friday?", null),
  q("What is the average waiting time in reception?", null),
  q("Summarise the ketamine protocol for me", null),
  q("Which insurance companies pay the slowest?", null),
];

export const METRIC_QUESTIONS: MetricQuestion[] = written.map((w, i) => ({ ...w, split: i % 2 === 0 ? "tune" : "report" }));
