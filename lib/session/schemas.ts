// One zod schema per input, shared by forms (client) and route handlers (server).
import { z } from "zod";
import { SESSION_PHASES } from "../../types/agentic-session";
import { SESSION_DEFAULTS, SESSION_LIMITS } from "./defaults";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const projectNameSchema = z
  .string()
  .min(1, "Required")
  .max(63, "At most 63 characters")
  .regex(DNS1123_LABEL, "Lowercase letters, digits and '-', starting and ending with a letter or digit");

/** Any name Kubernetes accepts for a custom resource (sessions made with kubectl included). */
export const sessionNameSchema = z
  .string()
  .min(1, "Required")
  .max(253, "At most 253 characters")
  .regex(DNS1123_SUBDOMAIN, "Lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");

/** Names the console gives new sessions: a DNS label short enough for the service names derived from it. */
export const newSessionNameSchema = z
  .string()
  .min(1, "Required")
  .max(40, "At most 40 characters")
  .regex(DNS1123_LABEL, "Lowercase letters, digits and '-', starting and ending with a letter or digit");

export const createProjectSchema = z.object({
  name: projectNameSchema,
  displayName: z.string().trim().max(253, "At most 253 characters").optional(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

const phaseList = z
  .string()
  .transform((v) => v.split(",").map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.enum(SESSION_PHASES)));

export const listSessionsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  continue: z.string().max(4096).optional(),
  phase: phaseList.optional(),
  q: z.string().max(200, "At most 200 characters").optional(),
});

// --- git URLs -------------------------------------------------------------------------------

const SSH_SCP = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/-]+$/;

export type GitUrlKind = "https" | "ssh" | "file";

/** Classify a git URL, or say why it is refused. */
export function checkGitUrl(url: string, allowLocal: boolean): { kind: GitUrlKind } | { error: string } {
  const u = url.trim();
  if (!u) return { error: "Required" };
  if (u.length > 2048) return { error: "At most 2048 characters" };
  if (/\s/.test(u)) return { error: "A git URL has no spaces" };
  if (SSH_SCP.test(u) && !u.includes("..")) return { kind: "ssh" };
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return { error: "Use https://host/org/repo, git@host:org/repo or ssh://…" };
  }
  if (parsed.protocol === "https:" && parsed.hostname && parsed.pathname.length > 1) return { kind: "https" };
  if (parsed.protocol === "ssh:" && parsed.hostname && parsed.pathname.length > 1) return { kind: "ssh" };
  if (parsed.protocol === "file:") {
    if (!allowLocal) return { error: "Local file:// repositories are not allowed on this server" };
    if (parsed.pathname.length > 1 && !parsed.hostname) return { kind: "file" };
    return { error: "Use file:///absolute/path" };
  }
  if (parsed.protocol === "http:") return { error: "Use https:// (plain http is not allowed)" };
  return { error: `Unsupported scheme ${parsed.protocol}` };
}

const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\.lock$|.*\/$)[^\s~^:?*[\\\x00-\x1f\x7f]+$/;
export const branchSchema = z.string().trim().max(255, "At most 255 characters").regex(BRANCH, "Not a valid git branch name");

function gitUrl(allowLocal: boolean) {
  return z.string().superRefine((v, ctx) => {
    const r = checkGitUrl(v, allowLocal);
    if ("error" in r) ctx.addIssue({ code: "custom", message: r.error });
  });
}

export function repoSchema(allowLocal: boolean) {
  return z.object({
    url: gitUrl(allowLocal).transform((v) => v.trim()),
    branch: branchSchema.or(z.literal("")).optional().transform((b) => b || SESSION_DEFAULTS.branch),
  });
}

const workflowPath = z
  .string()
  .trim()
  .max(1024)
  .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "A folder inside the repository (no leading / and no ..)");

export function workflowSchema(allowLocal: boolean) {
  return z.object({
    gitUrl: gitUrl(allowLocal).transform((v) => v.trim()),
    branch: branchSchema.or(z.literal("")).optional().transform((b) => b || SESSION_DEFAULTS.branch),
    path: workflowPath.optional().default(""),
  });
}

/** The create form and POST /api/projects/:project/sessions. */
export function createSessionSchema(opts: { allowLocalRepos: boolean }) {
  const L = SESSION_LIMITS;
  return z.object({
    name: newSessionNameSchema.optional(),
    displayName: z.string().trim().max(L.displayNameMax, `At most ${L.displayNameMax} characters`).optional(),
    initialPrompt: z
      .string()
      .max(L.initialPromptMax, `At most ${L.initialPromptMax.toLocaleString("en-US")} characters`)
      .refine((p) => p.trim().length > 0, "Required: tell the agent what to do"),
    interactive: z.boolean().default(SESSION_DEFAULTS.interactive),
    repos: z.array(repoSchema(opts.allowLocalRepos)).max(20, "At most 20 repositories").default([]),
    activeWorkflow: workflowSchema(opts.allowLocalRepos).optional(),
    llmSettings: z
      .object({
        model: z.string().trim().min(1, "Required").max(200).default(SESSION_DEFAULTS.model),
        temperature: z
          .number({ error: "A number" })
          .min(L.temperatureMin, `Between ${L.temperatureMin} and ${L.temperatureMax}`)
          .max(L.temperatureMax, `Between ${L.temperatureMin} and ${L.temperatureMax}`)
          .default(SESSION_DEFAULTS.temperature),
        maxTokens: z
          .number({ error: "A whole number" })
          .int("A whole number")
          .min(L.maxTokensMin, `Between ${L.maxTokensMin} and ${L.maxTokensMax.toLocaleString("en-US")}`)
          .max(L.maxTokensMax, `Between ${L.maxTokensMin} and ${L.maxTokensMax.toLocaleString("en-US")}`)
          .default(SESSION_DEFAULTS.maxTokens),
      })
      .default({ model: SESSION_DEFAULTS.model, temperature: SESSION_DEFAULTS.temperature, maxTokens: SESSION_DEFAULTS.maxTokens }),
    timeout: z
      .number({ error: "A whole number of seconds" })
      .int("A whole number of seconds")
      .min(L.timeoutMin, `Between ${L.timeoutMin} and ${L.timeoutMax.toLocaleString("en-US")} seconds`)
      .max(L.timeoutMax, `Between ${L.timeoutMin} and ${L.timeoutMax.toLocaleString("en-US")} seconds`)
      .default(SESSION_DEFAULTS.timeout),
    autoPushOnComplete: z.boolean().default(SESSION_DEFAULTS.autoPushOnComplete),
  });
}
export type CreateSessionInput = z.infer<ReturnType<typeof createSessionSchema>>;

// --- session pages (create form, runtime changes, actions) ---------------------------------------

/** POST …/sessions/:name/repos: one repo to add while the session runs. */
export function addRepoSchema(opts: { allowLocalRepos: boolean }) {
  return repoSchema(opts.allowLocalRepos);
}

/** DELETE …/sessions/:name/repos?url=… */
export const removeRepoSchema = z.object({ url: z.string().trim().min(1, "Required").max(2048) });

/** PUT …/sessions/:name/workflow: select a workflow, or `null` to clear it. */
export function setWorkflowSchema(opts: { allowLocalRepos: boolean }) {
  return z.object({ activeWorkflow: workflowSchema(opts.allowLocalRepos).nullable() });
}

/** POST …/sessions/:name/messages: a follow-up for the agent of an interactive session. */
export const sendMessageSchema = z.object({
  text: z
    .string()
    .max(SESSION_LIMITS.initialPromptMax, `At most ${SESSION_LIMITS.initialPromptMax.toLocaleString("en-US")} characters`)
    .refine((t) => t.trim().length > 0, "Required"),
});

/** POST …/sessions/:name/clone and …/continue-as-new: optional name and display name of the new session. */
export const copySessionSchema = z.object({
  name: newSessionNameSchema.optional(),
  displayName: z.string().trim().max(SESSION_LIMITS.displayNameMax, `At most ${SESSION_LIMITS.displayNameMax} characters`).optional(),
});

/**
 * A field path of the API server (`spec.llmSettings.temperature`, `metadata.name`) as the form's own
 * path, so a server-side rejection lands on the right input.
 */
export function formFieldOf(serverField: string): string {
  if (serverField === "metadata.name" || serverField === "metadata.generateName") return "name";
  return serverField.replace(/^spec\./, "");
}

export { fieldErrorsOf } from "./field-errors";

/** Route params of every `…/sessions/:name/…` handler. */
export const sessionRefSchema = z.object({ project: projectNameSchema, name: sessionNameSchema });

// --- bulk actions on the session list -------------------------------------------------------------

export const BULK_ACTIONS = ["stop", "delete"] as const;
export const BULK_MAX_NAMES = 500;

/** POST /api/projects/:project/bulk: one action on up to 500 sessions (duplicates acted on once). */
export const bulkActionSchema = z.object({
  action: z.enum(BULK_ACTIONS),
  names: z
    .array(sessionNameSchema)
    .min(1, "Select at least one session")
    .max(BULK_MAX_NAMES, `At most ${BULK_MAX_NAMES} sessions at once`)
    .transform((names) => [...new Set(names)]),
});
export type BulkActionInput = z.infer<typeof bulkActionSchema>;
