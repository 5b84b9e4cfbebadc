import type { DataTable } from "../ports/index.ts";
import { assertSafeHarbor } from "./safe-harbor-columns.ts";
import { viewName, type PracticeSourceSettings } from "./practice-settings.ts";

/** The columns Rounds' generated views add (an opaque key, age bands); never identifiers. */
export const GENERATED_COLUMNS = ["patient_key", "age_band"] as const;

/**
 * The semantic layer an organisation's settings allow: tables as queries name
 * them (patient-linked tables and the patients table by their generated
 * views). The same Safe Harbor check as each source's setup: a catalogue never
 * names a column the views would refuse.
 */
export function catalogTables(source: PracticeSourceSettings): DataTable[] {
  for (const t of source.tables) if (t.patientColumn) assertSafeHarbor(viewName(t.table), t.columns.map((c) => c.name), GENERATED_COLUMNS);
  const tables: DataTable[] = source.tables.map((t) => ({
    name: t.patientColumn ? viewName(t.table) : t.table,
    description: t.description,
    columns: [
      ...t.columns.map((c) => ({ name: c.name, type: c.type, description: c.description, ...(c.unit ? { unit: c.unit } : {}) })),
      ...(t.patientColumn ? [{ name: "patient_key", type: "text", description: "Opaque patient key (a salted hash: not an id)" }] : []),
    ],
    patientLinked: !!t.patientColumn,
  }));
  if (source.patients) {
    const p = source.patients;
    assertSafeHarbor(viewName(p.table), p.keepColumns.map((c) => c.name), GENERATED_COLUMNS);
    tables.push({
      name: viewName(p.table),
      description: "Patients, de-identified by Rounds (HIPAA Safe Harbor): an opaque key, ten-year age bands (90+ as one), no names, contacts, ids or geography finer than state",
      columns: [
        { name: "patient_key", type: "text", description: "Opaque patient key (a salted hash: not an id)" },
        { name: "age_band", type: "text", description: "Age in ten-year bands: 0-9 … 80-89, 90+" },
        ...p.keepColumns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
        ...(p.stateColumn ? [{ name: "state", type: "text", description: "State or region (no finer geography)" }] : []),
      ],
      patientLinked: true,
    });
  }
  return tables;
}
