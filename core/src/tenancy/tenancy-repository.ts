/** Organisations, projects and which chat conversation answers from which project. */
export interface Organization {
  id: string;
  slug: string;
  name: string;
}

export interface ProjectProfile {
  /** The domain, e.g. "ketamine-assisted therapy". */
  domain: string;
  description: string;
  seeds: string[];
  systemPrompt?: string;
  /** Relevance score (0..1) a new document needs; absent: the classifier's configured default. */
  relevanceThreshold?: number;
}

export interface ProjectPolicy {
  deidentifyOnIngest: boolean;
  deidentifyBeforeCloud: boolean;
  /** Auto-approve documents whose relevance score is at least this; unset: always ask an admin. */
  autoApproveAbove?: number;
  refusalMessage?: string;
  /** Session note format: soap (default), dap, birp or girp. */
  noteFormat?: "soap" | "dap" | "birp" | "girp";
  /** De-identify transcript turns before they are quoted in a note (default true). */
  deidentifyNotes?: boolean;
  /** Transcripts may be ingested without a patient, as shared teaching material (default false). */
  sharedTranscripts?: boolean;
  /**
   * Whether a clinician must be on a patient's care team to reach that
   * patient's material in this project (`core/src/consent/care-team.ts`).
   * Unset reads as "required".
   */
  careTeam?: "required" | "off";
}

export interface Project {
  id: string;
  organizationId: string;
  slug: string;
  name: string;
  profile: ProjectProfile;
  policy: ProjectPolicy;
}

export interface ChannelBinding {
  id: string;
  organizationId: string;
  projectId: string;
  channel: string;
  workspaceId: string;
  conversationId: string;
  visibility: "public" | "private";
  adminChannel: boolean;
}

/** The organisation a chat workspace (Slack team, Teams tenant, Discord guild) belongs to. */
export interface WorkspaceClaim {
  organizationId: string;
  channel: string;
  workspaceId: string;
  proof: "installation" | "operator" | "existing";
}

export interface TenancyRepository {
  createOrganization(input: { slug: string; name: string }): Promise<Organization>;
  getOrganization(id: string): Promise<Organization | undefined>;
  findOrganizationBySlug(slug: string): Promise<Organization | undefined>;
  listOrganizations(): Promise<Organization[]>;
  createProject(input: { organizationId: string; slug: string; name: string; profile: ProjectProfile; policy?: Partial<ProjectPolicy> }): Promise<Project>;
  /** Scoped: a project of another organisation is `undefined`. */
  getProject(organizationId: string, projectId: string): Promise<Project | undefined>;
  findProjectBySlug(organizationId: string, slug: string): Promise<Project | undefined>;
  listProjects(organizationId: string): Promise<Project[]>;
  updateProjectPolicy(organizationId: string, projectId: string, policy: Partial<ProjectPolicy>): Promise<Project>;
  /** Replaces what the project is about (its relevance profile); documents already judged keep their verdicts. */
  updateProjectProfile(organizationId: string, projectId: string, profile: ProjectProfile): Promise<Project>;
  /**
   * The organisation's own patient and staff names, for the de-identifier's
   * gazetteer. PHI: never log or return it outside de-identification.
   */
  namesForGazetteer(organizationId: string): Promise<string[]>;
  bindChannel(input: Omit<ChannelBinding, "id">): Promise<ChannelBinding>;
  findWorkspaceClaim(channel: string, workspaceId: string): Promise<WorkspaceClaim | undefined>;
  /** Records the claim unless the workspace is already claimed; returns the claim that holds (possibly another organisation's). */
  claimWorkspace(claim: WorkspaceClaim): Promise<WorkspaceClaim>;
  /**
   * Hands a workspace back: in one transaction removes the organisation's
   * claim on it, its channel bindings there and the chat accounts it linked
   * there. `undefined` when the organisation holds no claim on it.
   */
  releaseWorkspace(organizationId: string, channel: string, workspaceId: string): Promise<{ bindings: number; identities: number } | undefined>;
  /** The binding for a conversation, falling back to the workspace default (`*`). */
  findChannelBinding(channel: string, workspaceId: string, conversationId: string): Promise<ChannelBinding | undefined>;
  /** Records a chat delivery's key; `true` the first time it is seen, `false` for a vendor's retry of it. */
  recordFirstDelivery(eventKey: string): Promise<boolean>;
}
