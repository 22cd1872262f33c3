import { describe, expect, it } from "vitest";
import { copyPrefix, specForCopy } from "./session-actions";

describe("copyPrefix", () => {
  it("keeps generated names short DNS labels", () => {
    expect(copyPrefix("fix-bug")).toBe("fix-bug-");
    const long = copyPrefix("a-very-long-session-name-that-goes-on-and-on");
    expect(long.length).toBeLessThanOrEqual(29);
    expect(long).toMatch(/^[a-z0-9][-a-z0-9]*-$/);
    expect(copyPrefix("abcdefghijklmnopqrstuvwxyz0-xyz")).toBe("abcdefghijklmnopqrstuvwxyz0-");
  });
});

describe("specForCopy", () => {
  it("writes the current form of a legacy spec, with the new owner's userContext", () => {
    const spec = specForCopy(
      {
        metadata: { name: "old" },
        spec: {
          prompt: "legacy",
          repos: [{ input: { url: "https://h/o/a.git", branch: "dev" }, output: { url: "https://h/f/a.git" } }],
          userContext: { userId: "someone-else" },
        },
      },
      { userId: "me" },
    );
    expect(spec).toMatchObject({ initialPrompt: "legacy", repos: [{ url: "https://h/o/a.git", branch: "dev" }], userContext: { userId: "me" } });
    expect(spec).not.toHaveProperty("prompt");
  });
});
