/**
 * A demo practice database (appointments, treatments, stock, sales, patients)
 * for two organisations sharing one database by tenant id, its allow list and
 * metric catalogue. Tests and the README's figures use it; dates are
 * relative to the `now` given, so "last month" always has rows.
 */
import type { PracticeSourceSettings } from "../data/practice-settings.ts";

export const DEMO_SCHEMA_SQL = [
  `CREATE TABLE patients (id uuid PRIMARY KEY, tenant_id text NOT NULL, first_name text NOT NULL, last_name text NOT NULL, email text, phone text,
     date_of_birth date NOT NULL, sex text NOT NULL, street text, city text, state text NOT NULL, zip text)`,
  `CREATE TABLE appointments (id serial PRIMARY KEY, tenant_id text NOT NULL, patient_id uuid NOT NULL REFERENCES patients(id), starts_at timestamptz NOT NULL,
     kind text NOT NULL, status text NOT NULL)`,
  `CREATE TABLE treatments (id serial PRIMARY KEY, tenant_id text NOT NULL, patient_id uuid NOT NULL REFERENCES patients(id), given_at timestamptz NOT NULL,
     treatment text NOT NULL, dose_mg numeric, observed_minutes integer)`,
  `CREATE TABLE stock (id serial PRIMARY KEY, tenant_id text NOT NULL, item text NOT NULL, category text NOT NULL, on_hand integer NOT NULL, reorder_level integer NOT NULL, unit text NOT NULL)`,
  `CREATE TABLE sales (id serial PRIMARY KEY, tenant_id text NOT NULL, item text NOT NULL, category text NOT NULL, sold_at timestamptz NOT NULL, quantity integer NOT NULL, amount_cents integer NOT NULL)`,
];

/** What each organisation's seed holds, so tests can assert exact answers. */
export interface DemoTenant {
  tenantId: string;
  /** Patients, and of them aged 60–69. */
  patients: number;
  sixties: number;
  /** Ketamine infusions given last month, and to how many distinct patients. */
  infusionsLastMonth: number;
  infusionPatientsLastMonth: number;
  /** Of last month's infusions, those observed for less than 2 hours afterwards (every other one: 90 minutes; the rest 150), and their patients. */
  shortObservations: number;
  shortObservationPatients: number;
  /** Stock items below their reorder level. */
  lowStock: string[];
  /** A marker in every text row of this tenant (surnames, item names), to catch a leak in any answer. */
  marker: string;
}

export const DEMO_TENANTS: readonly DemoTenant[] = [
  { tenantId: "clinic-a", patients: 60, sixties: 30, infusionsLastMonth: 40, infusionPatientsLastMonth: 20, shortObservations: 20, shortObservationPatients: 10, lowStock: ["Anti-reflective coating ALPHA", "Blue-light coating ALPHA", "Ketamine 50mg/ml ALPHA"], marker: "ALPHA" },
  { tenantId: "clinic-b", patients: 12, sixties: 4, infusionsLastMonth: 6, infusionPatientsLastMonth: 3, shortObservations: 3, shortObservationPatients: 3, lowStock: ["Titanium frame BRAVO"], marker: "BRAVO" },
];

const day = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const lit = (v: string | number | null) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`);
const uuid = (tenant: number, i: number) => `00000000-0000-4000-8000-${String(tenant + 1).padStart(4, "0")}${String(i).padStart(8, "0")}`;

/** INSERT statements for both tenants, dated relative to `now`. */
export function demoSeedSql(now: Date): string[] {
  const out: string[] = [];
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const lastMonthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  DEMO_TENANTS.forEach((t, ti) => {
    const rows: string[] = [];
    for (let i = 0; i < t.patients; i++) {
      // The first `sixties` patients are 60–69 (65 give or take a few months); the rest 20–49.
      const years = i < t.sixties ? 65 : 20 + (i % 30);
      const dob = new Date(now.getTime() - years * 365.25 * day - (i % 90) * day);
      rows.push(`(${lit(uuid(ti, i))}, ${lit(t.tenantId)}, ${lit(`Pat${i}`)}, ${lit(`Surname${t.marker}${i}`)}, ${lit(`p${i}@${t.marker.toLowerCase()}.example`)}, ${lit(`555-01${String(i).padStart(2, "0")}`)}, ${lit(isoDate(dob))}, ${lit(i % 2 ? "F" : "M")}, ${lit(`${i} Main St`)}, ${lit(`Town${t.marker}`)}, ${lit(ti === 0 ? "VT" : "NH")}, ${lit("05401")})`);
    }
    out.push(`INSERT INTO patients (id, tenant_id, first_name, last_name, email, phone, date_of_birth, sex, street, city, state, zip) VALUES ${rows.join(", ")}`);
    // Infusions last month: patients 0..infusionPatients-1, each twice (40 = 20 x 2 for A; 6 = 3 x 2 for B).
    const treatments: string[] = [];
    for (let i = 0; i < t.infusionsLastMonth; i++) {
      const p = i % t.infusionPatientsLastMonth;
      treatments.push(`(${lit(t.tenantId)}, ${lit(uuid(ti, p))}, ${lit(new Date(lastMonthStart + (i % 25) * day + 10 * 3_600_000).toISOString())}, 'ketamine infusion', 35, ${i % 2 === 0 ? 90 : 150})`);
    }
    // An eye exam for every patient this month (before today), so this month is not empty either.
    for (let i = 0; i < t.patients; i++) treatments.push(`(${lit(t.tenantId)}, ${lit(uuid(ti, i))}, ${lit(new Date(Math.min(monthStart + (i % 3) * 3_600_000, now.getTime() - 3_600_000)).toISOString())}, 'eye exam', NULL, NULL)`);
    out.push(`INSERT INTO treatments (tenant_id, patient_id, given_at, treatment, dose_mg, observed_minutes) VALUES ${treatments.join(", ")}`);
    // Consultations last month for every patient; the sixties (and every other younger patient) come back 10 days later.
    const appts: string[] = [];
    for (let i = 0; i < t.patients; i++) {
      const visit = lastMonthStart + (i % 15) * day;
      appts.push(`(${lit(t.tenantId)}, ${lit(uuid(ti, i))}, ${lit(new Date(visit).toISOString())}, 'consultation', 'attended')`);
      if (i < t.sixties || i % 2 === 0) appts.push(`(${lit(t.tenantId)}, ${lit(uuid(ti, i))}, ${lit(new Date(visit + 10 * day).toISOString())}, 'follow-up', ${lit(i % 5 === 0 ? "missed" : "attended")})`);
    }
    out.push(`INSERT INTO appointments (tenant_id, patient_id, starts_at, kind, status) VALUES ${appts.join(", ")}`);
    const stock: Array<[string, string, number, number, string]> = [
      [`Anti-reflective coating ${t.marker}`, "lens coating", 2, 10, "boxes"],
      [`Blue-light coating ${t.marker}`, "lens coating", 1, 5, "boxes"],
      [`Photochromic coating ${t.marker}`, "lens coating", 30, 5, "boxes"],
      [`Titanium frame ${t.marker}`, "frame", 40, 10, "pieces"],
      [`Daily contact lens ${t.marker}`, "contact lens", 200, 50, "packs"],
      [`Ketamine 50mg/ml ${t.marker}`, "medication", 3, 12, "vials"],
    ].map(([item, category, onHand, reorder, unit]) => [String(item), String(category), Number(onHand), Number(reorder), String(unit)]);
    const low = new Set(t.lowStock);
    // Each tenant's own low items are below reorder; the others are above.
    out.push(`INSERT INTO stock (tenant_id, item, category, on_hand, reorder_level, unit) VALUES ${stock.map(([item, category, , reorder, unit]) => `(${lit(t.tenantId)}, ${lit(item)}, ${lit(category)}, ${low.has(item) ? reorder - 1 : reorder + 20}, ${reorder}, ${lit(unit)})`).join(", ")}`);
    const sales: string[] = [];
    for (let i = 0; i < 30; i++) sales.push(`(${lit(t.tenantId)}, ${lit(stock[i % stock.length]![0])}, ${lit(stock[i % stock.length]![1])}, ${lit(new Date(lastMonthStart + (i % 20) * day).toISOString())}, ${1 + (i % 3)}, ${(1 + (i % 3)) * 2500})`);
    out.push(`INSERT INTO sales (tenant_id, item, category, sold_at, quantity, amount_cents) VALUES ${sales.join(", ")}`);
  });
  return out;
}

const treatments = ["ketamine infusion", "esketamine nasal spray", "eye exam", "lens fitting"];
const categories = ["lens coating", "frame", "contact lens", "medication"];

/** The allow list and metric catalogue of the demo practice, for one organisation (a source adds where the database is). */
export function demoPractice(input: { organizationId: string; tenantId: string; k?: number }): PracticeSourceSettings {
  return {
    organizationId: input.organizationId,
    title: "Demo practice",
    tenantId: input.tenantId,
    patientKeySalt: "demo-practice-salt-0123456789",
    k: input.k ?? 10,
    rowLimit: 200,
    statementTimeoutMs: 3000,
    costLimit: 100_000,
    differencingWindowHours: 24,
    differencingHistory: 2000,
    tables: [
      {
        table: "appointments", description: "Appointments: one row per booked visit", tenantColumn: "tenant_id", patientColumn: "patient_id",
        columns: [
          { name: "starts_at", type: "timestamptz", description: "When the appointment starts" },
          { name: "kind", type: "text", description: "consultation, follow-up, infusion or eye exam" },
          { name: "status", type: "text", description: "attended, missed or cancelled" },
        ],
      },
      {
        table: "treatments", description: "Treatments given: one row per administration or procedure", tenantColumn: "tenant_id", patientColumn: "patient_id",
        columns: [
          { name: "given_at", type: "timestamptz", description: "When it was given" },
          { name: "treatment", type: "text", description: treatments.join(", ") },
          { name: "dose_mg", type: "numeric", description: "Dose, for medicines", unit: "mg" },
          { name: "observed_minutes", type: "integer", description: "How long the patient was observed in the clinic afterwards", unit: "minutes" },
        ],
      },
      {
        table: "stock", description: "Stock on hand per item", tenantColumn: "tenant_id",
        columns: [
          { name: "item", type: "text", description: "Item name" },
          { name: "category", type: "text", description: categories.join(", ") },
          { name: "on_hand", type: "integer", description: "Units in stock" },
          { name: "reorder_level", type: "integer", description: "Reorder when on_hand falls below this" },
          { name: "unit", type: "text", description: "The unit on_hand counts" },
        ],
      },
      {
        table: "sales", description: "Sales: one row per line sold", tenantColumn: "tenant_id",
        columns: [
          { name: "item", type: "text", description: "Item sold" },
          { name: "category", type: "text", description: categories.join(", ") },
          { name: "sold_at", type: "timestamptz", description: "When it was sold" },
          { name: "quantity", type: "integer", description: "Units sold" },
          { name: "amount_cents", type: "integer", description: "Amount charged", unit: "cents" },
        ],
      },
    ],
    patients: {
      table: "patients", idColumn: "id", tenantColumn: "tenant_id", dateOfBirthColumn: "date_of_birth", stateColumn: "state",
      keepColumns: [{ name: "sex", type: "text", description: "F or M" }],
    },
    relations: [
      { from: "rounds_appointments.patient_key", to: "rounds_patients.patient_key", description: "The patient of the appointment" },
      { from: "rounds_treatments.patient_key", to: "rounds_patients.patient_key", description: "The patient treated" },
    ],
    metrics: [
      {
        id: "treatments_given", title: "Treatments given in a period",
        description: "How many treatments of one kind were given between two dates, and to how many patients.",
        phrases: ["how many infusions", "infusions did we run", "infusions given", "number of treatments", "treatments given", "procedures performed", "exams performed", "fittings done"],
        parameters: [
          { name: "treatment", type: "category", values: treatments, default: "ketamine infusion" },
          { name: "start", type: "date", role: "start", default: "start_of_month" },
          { name: "end", type: "date", role: "end", default: "tomorrow" },
        ],
        sql: "SELECT count(*) AS treatments, count(DISTINCT patient_key) AS patients FROM rounds_treatments WHERE treatment = $1 AND given_at >= $2::date AND given_at < $3::date",
      },
      {
        id: "low_stock", title: "Stock below reorder level",
        description: "Items whose stock on hand is below their reorder level, optionally of one category.",
        phrases: ["low on stock", "running low", "below reorder level", "need reordering", "stock running out", "short of stock", "reorder point", "need to reorder"],
        parameters: [{ name: "category", type: "category", values: categories }],
        sql: "SELECT item, category, on_hand, reorder_level, unit FROM stock WHERE on_hand < reorder_level AND ($1::text IS NULL OR category = $1::text) ORDER BY item",
      },
      {
        id: "follow_up_within", title: "Patients with a follow-up within N days",
        description: "Patients (optionally in an age range) who had a follow-up appointment within N days after a consultation.",
        phrases: ["follow-up within days", "came back for a follow-up", "returned for follow-up", "follow-up visit within"],
        parameters: [
          { name: "age_min", type: "integer", role: "min", default: 0 },
          { name: "age_max", type: "integer", role: "max", default: 200 },
          { name: "days", type: "integer", default: 30 },
        ],
        sql: "SELECT count(DISTINCT p.patient_key) AS patients FROM rounds_patients p JOIN rounds_appointments v ON v.patient_key = p.patient_key AND v.kind = 'consultation' " +
          "JOIN rounds_appointments f ON f.patient_key = p.patient_key AND f.kind = 'follow-up' AND f.starts_at > v.starts_at AND f.starts_at <= v.starts_at + $3::int * interval '1 day' " +
          "WHERE substring(p.age_band from '^[0-9]+')::int + CASE WHEN p.age_band = '90+' THEN 0 ELSE 9 END >= $1::int AND substring(p.age_band from '^[0-9]+')::int <= $2::int",
      },
      {
        id: "appointments_by_status", title: "Appointments by status in a period",
        description: "Appointments between two dates (optionally of one kind), counted by status: attended, missed, cancelled.",
        phrases: ["how many appointments", "missed appointments", "appointments missed", "no-shows", "cancelled appointments", "appointments by status", "attended appointments", "consultations cancelled"],
        parameters: [
          { name: "start", type: "date", role: "start", default: "-30d" },
          { name: "end", type: "date", role: "end", default: "tomorrow" },
          { name: "kind", type: "category", values: ["consultation", "follow-up", "infusion", "eye exam"] },
        ],
        sql: "SELECT status, count(*) AS appointments, count(DISTINCT patient_key) AS patients FROM rounds_appointments WHERE starts_at >= $1::date AND starts_at < $2::date AND ($3::text IS NULL OR kind = $3::text) GROUP BY status ORDER BY status",
      },
      {
        id: "sales_by_category", title: "Sales by category in a period",
        description: "Units sold and revenue (in dollars) by category between two dates, optionally of one category.",
        phrases: ["sales", "revenue", "how much did we sell", "takings", "how much revenue"],
        parameters: [
          { name: "start", type: "date", role: "start", default: "start_of_month" },
          { name: "end", type: "date", role: "end", default: "tomorrow" },
          { name: "category", type: "category", values: categories },
        ],
        sql: "SELECT category, sum(quantity) AS units, round(sum(amount_cents) / 100.0, 2) AS revenue_dollars FROM sales WHERE sold_at >= $1::date AND sold_at < $2::date AND ($3::text IS NULL OR category = $3::text) GROUP BY category ORDER BY revenue_dollars DESC",
      },
      {
        id: "short_observation", title: "Infusions observed for less than a required time",
        description: "Ketamine infusions after which the patient was observed for less than a number of minutes, between two dates, and how many patients that was.",
        phrases: ["observed for less than", "missed observation", "short observation", "observation after infusion", "monitoring after infusion"],
        parameters: [
          { name: "minutes", type: "integer", unit: "minutes", default: 120 },
          { name: "start", type: "date", role: "start", default: "-90d" },
          { name: "end", type: "date", role: "end", default: "tomorrow" },
        ],
        sql: "SELECT count(*) AS infusions, count(DISTINCT patient_key) AS patients FROM rounds_treatments WHERE treatment = 'ketamine infusion' AND observed_minutes < $1::int AND given_at >= $2::date AND given_at < $3::date",
      },
      {
        id: "patients_by_age_band", title: "Patients by age band",
        description: "How many patients there are in each ten-year age band.",
        phrases: ["age distribution", "patients by age", "how old are our patients", "age breakdown", "breakdown by age"],
        parameters: [],
        sql: "SELECT age_band, count(DISTINCT patient_key) AS patients FROM rounds_patients GROUP BY age_band ORDER BY age_band",
      },
    ],
  };
}
