/**
 * A part of a data source's allow list that an organisation's admin hid from
 * Rounds: a whole relation (`column` null) or one of its columns, by the name
 * queries use (a patient table by its generated view, `rounds_<table>`).
 */
export interface HiddenDataItem {
  sourceId: string;
  relation: string;
  column: string | null;
  hiddenByUserId: string | null;
  hiddenAt: Date;
}

/**
 * What admins narrowed of the allow list the practice database grants
 * (issue #20), per organisation and data source: narrowing needs no DDL, so
 * Rounds stores it and applies it to the catalogue, the model's prompt and the
 * SQL guard. Implemented in `drizzle/src/repos/data-allow-list.ts`; every read
 * and write takes the organisation and filters on it inside the query.
 */
export interface DataAllowListRepository {
  list(organizationId: string, sourceId: string): Promise<HiddenDataItem[]>;
  /** Hides the relation (`column` null) or column; `false` when it was hidden already. */
  hide(organizationId: string, sourceId: string, relation: string, column: string | null, hiddenByUserId: string | null): Promise<boolean>;
  /** Restores it; `false` when it was not hidden. */
  restore(organizationId: string, sourceId: string, relation: string, column: string | null): Promise<boolean>;
}
