// The clearly labelled offline runner: no model credentials, so no model is called. It records
// that plainly, summarises the prompt into artifacts/summary.md, and acknowledges follow-ups.
import { randomUUID } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Agent, AgentContext, RepoState, WorkflowState } from "./agent";

export const OFFLINE_NOTICE =
  "Offline runner: no model credentials are configured (ANTHROPIC_API_KEY, CLAUDE_CODE_USE_BEDROCK or CLAUDE_CODE_USE_VERTEX), so no model was called. Repositories and the workflow were set up for real; the prompt is summarised in artifacts/summary.md.";

export interface SummaryInput {
  namespace: string;
  sessionName: string;
  prompt: string;
  repos: RepoState[];
  workflow?: WorkflowState;
  model: string;
  now: Date;
}

/** The Markdown summary the offline runner leaves in artifacts/. Pure, so it is tested directly. */
export function renderOfflineSummary(s: SummaryInput): string {
  const lines = s.prompt.split(/\r?\n/);
  const first = lines.slice(0, 10);
  const out = [
    `# Session ${s.namespace}/${s.sessionName}: offline summary`,
    "",
    "> Written by the **offline runner**: no model credentials were configured, so no model was called.",
    "",
    `- Date: ${s.now.toISOString()}`,
    `- Model requested: ${s.model}`,
    `- Prompt: ${s.prompt.length} characters, ${s.prompt ? lines.length : 0} lines`,
    "",
    "## Prompt (first lines)",
    "",
  ];
  if (s.prompt) {
    out.push(...first.map((l) => `    ${l}`));
    if (lines.length > first.length) out.push(`    … ${lines.length - first.length} more lines`);
  } else out.push("_(no prompt)_");
  out.push("", "## Repositories", "");
  if (s.repos.length === 0) out.push("_(none)_");
  for (const r of s.repos) out.push(`- \`${r.name}\` ← ${r.url} (${r.branch}): ${r.status}${r.message ? ` — ${r.message.split("\n")[0]}` : ""}`);
  out.push("", "## Workflow", "");
  if (!s.workflow) out.push("_(none)_");
  else {
    const w = s.workflow;
    out.push(`- \`${w.name}\` ← ${w.gitUrl} (${w.branch}) path \`${w.path || "."}\`: ${w.status}${w.message ? ` — ${w.message.split("\n")[0]}` : ""}`);
    if (w.systemPrompt) out.push(`- System prompt: ${w.systemPrompt.length} characters`);
    if (w.startupPrompt) out.push(`- Startup prompt: ${w.startupPrompt.length} characters`);
  }
  return out.join("\n") + "\n";
}

export function createOfflineAgent(ctx: AgentContext): Agent {
  const id = ctx.cfg.resumeSdkSessionId || `offline-${randomUUID()}`;
  return {
    async start(prompt) {
      ctx.emit({ event: "sdk-session", id });
      ctx.transcript.append({ role: "system", type: "offline", text: OFFLINE_NOTICE });
      if (ctx.cfg.resumeSdkSessionId) ctx.transcript.append({ role: "system", type: "resume", text: `Resumed offline conversation ${id}.` });
      if (prompt) ctx.transcript.append({ role: "user", type: "text", text: prompt });
      const summaryFile = path.join(ctx.workspaceDir, "artifacts", "summary.md");
      // A resumed chat has no new prompt: keep the summary of the one it started with.
      if (!prompt && existsSync(summaryFile)) return;
      const summary = renderOfflineSummary({
        namespace: ctx.cfg.namespace,
        sessionName: ctx.cfg.sessionName,
        prompt,
        repos: ctx.repos(),
        workflow: ctx.workflow(),
        model: ctx.cfg.llmSettings.model,
        now: new Date(),
      });
      writeFileSync(summaryFile, summary);
      ctx.transcript.append({
        role: "assistant",
        type: "text",
        text: `Offline runner: no model is configured. I wrote artifacts/summary.md summarising the prompt (${prompt.length} characters).`,
      });
    },
    async send(text) {
      ctx.transcript.append({ role: "user", type: "text", text });
      ctx.transcript.append({
        role: "assistant",
        type: "text",
        text: `Offline runner: received your message (${text.length} characters). No model is configured, so it was recorded but not answered.`,
      });
    },
    async close() {},
  };
}
