// The create form's state (strings, as inputs hold them) and its conversion to the schema's input.
// Free of zod, so the form renders without the validator; create-form.ts validates.
import { SESSION_DEFAULTS } from "./defaults";

export interface CreateFormState {
  name: string;
  displayName: string;
  initialPrompt: string;
  interactive: boolean;
  repos: Array<{ url: string; branch: string }>;
  model: string;
  temperature: string;
  maxTokens: string;
  timeout: string;
  autoPushOnComplete: boolean;
  workflow?: { gitUrl: string; branch: string; path: string };
}

export function emptyCreateForm(): CreateFormState {
  return {
    name: "",
    displayName: "",
    initialPrompt: "",
    interactive: SESSION_DEFAULTS.interactive,
    repos: [],
    model: SESSION_DEFAULTS.model,
    temperature: String(SESSION_DEFAULTS.temperature),
    maxTokens: String(SESSION_DEFAULTS.maxTokens),
    timeout: String(SESSION_DEFAULTS.timeout),
    autoPushOnComplete: SESSION_DEFAULTS.autoPushOnComplete,
  };
}

/** "" → default; anything else as a number (NaN for text, which the schema rejects on its field). */
function num(s: string): number | undefined {
  return s.trim() === "" ? undefined : Number(s.trim());
}

/** The JSON body for POST …/sessions, exactly what the schema parses. */
export function toCreateInput(f: CreateFormState): Record<string, unknown> {
  return {
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    ...(f.displayName.trim() ? { displayName: f.displayName.trim() } : {}),
    initialPrompt: f.initialPrompt,
    interactive: f.interactive,
    repos: f.repos.map((r) => ({ url: r.url.trim(), branch: r.branch.trim() })),
    ...(f.workflow ? { activeWorkflow: { gitUrl: f.workflow.gitUrl.trim(), branch: f.workflow.branch.trim(), path: f.workflow.path.trim() } } : {}),
    llmSettings: { model: f.model, temperature: num(f.temperature), maxTokens: num(f.maxTokens) },
    timeout: num(f.timeout),
    autoPushOnComplete: f.autoPushOnComplete,
  };
}
