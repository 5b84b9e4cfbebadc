/**
 * The care team: which clinicians treat which patient, per organisation (a
 * patient, like their consent, belongs to the organisation; whether a project
 * enforces the care team is its policy, `careTeam`). Implemented in
 * `drizzle/src/repos/care-team.ts`. Rows are added and removed by an admin;
 * every change is in the audit log (`care_team.assign`, `care_team.unassign`).
 */
export interface CareTeamMember {
  organizationId: string;
  patientId: string;
  userId: string;
  assignedByUserId: string | null;
  assignedAt: Date;
}

export interface CareTeamRepository {
  /** Adds the clinician to the patient's care team; `created` is false when they already were on it. */
  assign(input: { organizationId: string; patientId: string; userId: string; assignedByUserId: string | null }): Promise<{ member: CareTeamMember; created: boolean }>;
  /** Removes the clinician from the patient's care team; false when they were not on it. */
  unassign(organizationId: string, patientId: string, userId: string): Promise<boolean>;
  /** The patient's care team, earliest assignment first. */
  members(organizationId: string, patientId: string): Promise<CareTeamMember[]>;
  /** Of `patientIds`, those the user is on the care team of. */
  assigned(organizationId: string, userId: string, patientIds: string[]): Promise<Set<string>>;
}
