/**
 * SQL that seeds an organisation, a project and `count` synthetic Q&A pairs
 * (generated in the database with generate_series, so seeding 100k rows
 * costs no client memory). Shared by the export memory test and benchmark,
 * so both measure the same data.
 */
export function syntheticQaSeedSql(ids: { organizationId: string; projectId: string }, count: number): string {
  const { organizationId: org, projectId: project } = ids;
  return `
    insert into organizations (id, slug, name) values ('${org}', 'mem', 'Mem');
    insert into projects (id, organization_id, slug, name, profile) values ('${project}', '${org}', 'k', 'K', '{"domain":"d","description":"d","seeds":[]}');
    insert into qa_pairs (organization_id, project_id, question, answer)
      select '${org}', '${project}', 'How should dose ' || g || ' be adjusted for a patient with condition ' || (g % 97) || '?',
             'Per protocol section ' || g || ', reduce the dose by ' || (g % 13) || ' percent and monitor blood pressure every 15 minutes for the first hour.'
      from generate_series(1, ${Math.trunc(count)}) as g;
  `;
}
