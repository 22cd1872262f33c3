import { describe, expect, it } from "vitest";
import { fieldPath } from "../http/field-path";
import { addRepoSchema, checkGitUrl, createSessionSchema, fieldErrorsOf, formFieldOf, sendMessageSchema, setWorkflowSchema } from "./schemas";

const errorsOf = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  fieldErrorsOf((r.error?.issues ?? []).map((i) => ({ field: fieldPath(i.path), message: i.message })));

describe("createSessionSchema (the form and POST …/sessions)", () => {
  const schema = createSessionSchema({ allowLocalRepos: false });
  const local = createSessionSchema({ allowLocalRepos: true });

  it("fills defaults from a minimal form", () => {
    expect(schema.parse({ initialPrompt: "fix it" })).toMatchObject({
      interactive: true,
      repos: [],
      timeout: 300,
      autoPushOnComplete: false,
      llmSettings: { model: "claude-3-7-sonnet-latest", temperature: 0.7, maxTokens: 4000 },
    });
  });

  it("puts each error on its field", () => {
    const r = schema.safeParse({
      initialPrompt: "   ",
      repos: [{ url: "https://github.com/o/r" }, { url: "not a url" }],
      llmSettings: { temperature: 3, maxTokens: 0 },
      timeout: 1.5,
    });
    const e = errorsOf(r);
    expect(Object.keys(e).sort()).toEqual(["initialPrompt", "llmSettings.maxTokens", "llmSettings.temperature", "repos[1].url", "timeout"]);
    expect(e.initialPrompt).toMatch(/Required/);
  });

  it("refuses a 200 KB prompt", () => {
    expect(errorsOf(schema.safeParse({ initialPrompt: "x".repeat(200_000) })).initialPrompt).toMatch(/At most 100,000/);
    expect(schema.safeParse({ initialPrompt: "x".repeat(100_000) }).success).toBe(true);
  });

  it("accepts https and ssh everywhere, file:// only when allowed", () => {
    expect(schema.safeParse({ initialPrompt: "p", repos: [{ url: "git@github.com:org/repo.git" }] }).success).toBe(true);
    expect(errorsOf(schema.safeParse({ initialPrompt: "p", repos: [{ url: "file:///tmp/r.git" }] }))["repos[0].url"]).toMatch(/not allowed/);
    expect(local.parse({ initialPrompt: "p", repos: [{ url: "file:///tmp/r.git", branch: "" }] }).repos).toEqual([{ url: "file:///tmp/r.git", branch: "main" }]);
    expect(checkGitUrl("http://h/o/r", true)).toEqual({ error: expect.stringMatching(/https/) });
  });

  it("rejects a bad name and a bad workflow path", () => {
    const e = errorsOf(local.safeParse({ initialPrompt: "p", name: "Bad_Name", activeWorkflow: { gitUrl: "file:///c.git", path: "../x" } }));
    expect(Object.keys(e).sort()).toEqual(["activeWorkflow.path", "name"]);
  });
});

describe("runtime change and message schemas", () => {
  it("validate repo, workflow and message bodies", () => {
    expect(addRepoSchema({ allowLocalRepos: true }).parse({ url: "file:///x/y.git" })).toEqual({ url: "file:///x/y.git", branch: "main" });
    expect(setWorkflowSchema({ allowLocalRepos: false }).parse({ activeWorkflow: null })).toEqual({ activeWorkflow: null });
    expect(setWorkflowSchema({ allowLocalRepos: false }).safeParse({}).success).toBe(false);
    expect(sendMessageSchema.safeParse({ text: " " }).success).toBe(false);
  });
});

describe("server field paths", () => {
  it("map onto form fields", () => {
    expect(formFieldOf("spec.llmSettings.temperature")).toBe("llmSettings.temperature");
    expect(formFieldOf("metadata.name")).toBe("name");
    expect(fieldErrorsOf([{ field: "a", message: "1" }, { field: "a", message: "2" }, { field: "", message: "x" }])).toEqual({ a: "1", _form: "x" });
  });
});
