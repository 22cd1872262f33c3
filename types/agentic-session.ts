// Wire types of the AgenticSession custom resource (../shared/CONTRACT.md §1).
// These describe what may arrive from the API server, legacy forms included;
// lib/session normalises them into the shapes the UI and operator work with.

export const SESSION_GROUP = "vteam.ambient-code";
export const SESSION_VERSION = "v1alpha1";
export const SESSION_API_VERSION = `${SESSION_GROUP}/${SESSION_VERSION}`;
export const SESSION_KIND = "AgenticSession";
export const SESSION_PLURAL = "agenticsessions";

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface RepoSpec {
  url: string;
  branch?: string;
}

/** Legacy repo form: `{input: {url, branch}, output: {url, branch}}`. */
export interface LegacyRepoSpec {
  input: { url: string; branch?: string };
  output?: { url?: string; branch?: string };
}

export interface WorkflowRef {
  gitUrl: string;
  branch?: string;
  path?: string;
}

export interface LlmSettings {
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

export interface UserContext {
  userId?: string;
  displayName?: string;
  groups?: string[];
}

export interface AgenticSessionSpec {
  initialPrompt?: string;
  /** Legacy name of initialPrompt. */
  prompt?: string;
  displayName?: string;
  interactive?: boolean;
  repos?: Array<RepoSpec | LegacyRepoSpec>;
  activeWorkflow?: WorkflowRef;
  llmSettings?: LlmSettings;
  timeout?: number;
  autoPushOnComplete?: boolean;
  userContext?: UserContext;
}

export const SESSION_PHASES = ["Pending", "Creating", "Running", "Stopping", "Stopped", "Completed", "Failed"] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

export type ConditionStatus = "True" | "False" | "Unknown";

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export type RepoStatus = "Cloning" | "Ready" | "Failed";

export interface ReconciledRepo {
  url: string;
  branch?: string;
  name: string;
  status: RepoStatus;
  clonedAt?: string;
  message?: string;
}

export type WorkflowStatus = "Cloning" | "Active" | "Failed";

export interface ReconciledWorkflow {
  gitUrl: string;
  branch?: string;
  path?: string;
  status: WorkflowStatus;
  appliedAt?: string;
  message?: string;
}

export interface AgenticSessionStatus {
  phase?: SessionPhase;
  observedGeneration?: number;
  startTime?: string;
  completionTime?: string;
  conditions?: Condition[];
  reconciledRepos?: ReconciledRepo[];
  reconciledWorkflow?: ReconciledWorkflow;
  sdkSessionId?: string;
  sdkRestartCount?: number;
}

export interface AgenticSession {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: AgenticSessionSpec;
  status?: AgenticSessionStatus;
}

export interface AgenticSessionList {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: AgenticSession[];
}

/** Annotation keys (CONTRACT.md §2). */
export const ANNOTATIONS = {
  desiredPhase: "ambient-code.io/desired-phase",
  startRequestedAt: "ambient-code.io/start-requested-at",
  parentSessionId: "vteam.ambient-code/parent-session-id",
  tempContentRequested: "ambient-code.io/temp-content-requested",
  tempContentLastAccessed: "ambient-code.io/temp-content-last-accessed",
  sdkSessionId: "ambient-code.io/sdk-session-id",
} as const;

/** A project is a namespace carrying this label set to "true". */
export const PROJECT_LABEL = "ambient-code.io/managed";
export const PROJECT_DISPLAY_NAME_ANNOTATION = "openshift.io/display-name";
