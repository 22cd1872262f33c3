import { describe, expect, it } from "vitest";
import { emptyCreateForm, toCreateInput, validateCreateForm } from "./create-form";

describe("create form", () => {
  it("turns an untouched field into the default and text into a field error", () => {
    const f = { ...emptyCreateForm(), initialPrompt: "go", temperature: "", maxTokens: "lots" };
    expect(toCreateInput(f)).toMatchObject({ llmSettings: { temperature: undefined } });
    const r = validateCreateForm(f, false);
    expect(r).toEqual({ ok: false, errors: { "llmSettings.maxTokens": "A whole number" } });
  });

  it("validates a full form into the route's input", () => {
    const f = {
      ...emptyCreateForm(),
      name: "my-session",
      initialPrompt: "fix the bug",
      repos: [{ url: " file:///tmp/r.git ", branch: "" }],
      workflow: { gitUrl: "file:///tmp/c.git", branch: "main", path: "workflows/bugfix" },
      temperature: "1.2",
    };
    const r = validateCreateForm(f, true);
    expect(r.ok && r.input).toMatchObject({ name: "my-session", repos: [{ url: "file:///tmp/r.git", branch: "main" }], llmSettings: { temperature: 1.2 }, timeout: 300 });
  });

  it("reports empty prompt, bad URL and bad temperature on their fields", () => {
    const r = validateCreateForm({ ...emptyCreateForm(), repos: [{ url: "ftp://x/y", branch: "main" }], temperature: "5" }, true);
    expect(r.ok ? {} : Object.keys(r.errors).sort()).toEqual(["initialPrompt", "llmSettings.temperature", "repos[0].url"]);
  });
});
