import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HttpError } from "../http/api-error";
import { contentDisposition, workspacePathParam } from "./query";

const q = (s: string) => new URLSearchParams(s);
const one = (p: string) => {
  const u = new URLSearchParams();
  u.set("path", p);
  return u;
};

function rejects(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    return e as HttpError;
  }
  throw new Error("expected a 400");
}

describe("workspacePathParam", () => {
  it("normalises good paths", () => {
    expect(workspacePathParam(q(""))).toBe("");
    expect(workspacePathParam(one("./repo//src/./a.ts"))).toBe("repo/src/a.ts");
    expect(workspacePathParam(one("dir with space/ü.md"))).toBe("dir with space/ü.md");
  });

  it("refuses .., absolute, backslash, NUL, control characters and repeats with 400 naming path", () => {
    for (const bad of ["../etc/passwd", "a/../../b", "/etc/passwd", "a\\..\\b", "a\0b", "a\nb", "a\u007fb"]) {
      const e = rejects(() => workspacePathParam(one(bad)));
      expect([e.code, e.causes[0]?.field]).toEqual([400, "path"]);
    }
    expect(rejects(() => workspacePathParam(q("path=a&path=b"))).code).toBe(400);
    expect(rejects(() => workspacePathParam(q("path=%2e%2e/x"))).code).toBe(400);
  });

  it("requires a path inside the workspace where asked", () => {
    expect(rejects(() => workspacePathParam(q(""), { required: true })).code).toBe(400);
    expect(rejects(() => workspacePathParam(one("./"), { required: true })).code).toBe(400);
  });

  // Pieces attackers use, glued at random, plus raw percent-encoded query strings.
  const piece = fc.constantFrom("..", ".", "/", "//", "\\", "\0", "%00", "%2e%2e", "%2f", "..%2f", "~", "a", "é", "\u202e", "\r\n", "%", "%zz", " ", "C:", "\uD800", "file:", "?", "#");
  const hostile = fc.oneof(fc.array(piece, { maxLength: 12 }).map((a) => a.join("")), fc.string({ unit: "binary", maxLength: 60 }));

  it("fuzz: whatever comes in, the result is a 400 or a path that stays inside the workspace", () => {
    const root = "/srv/workspace";
    fc.assert(
      fc.property(hostile, fc.boolean(), fc.boolean(), (p, raw, required) => {
        // `raw`: the string as it would sit in the URL (the browser sends it percent-decoded once).
        const params = raw ? q(`path=${p.replace(/&/g, "%26").replace(/#/g, "%23")}`) : one(p);
        let rel: string;
        try {
          rel = workspacePathParam(params, { required });
        } catch (e) {
          expect(e).toBeInstanceOf(HttpError);
          expect((e as HttpError).code).toBe(400);
          expect((e as HttpError).causes[0]?.field).toBe("path");
          return;
        }
        const abs = path.resolve(root, rel);
        expect(abs === root || abs.startsWith(root + "/")).toBe(true);
        expect(rel.split("/")).not.toContain("..");
        expect(rel).not.toMatch(/[\0\\]/);
        if (required) expect(rel).not.toBe("");
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("contentDisposition", () => {
  it("keeps the exact name encoded and a safe ASCII fallback", () => {
    expect(contentDisposition("repo/report.md", "attachment")).toBe(`attachment; filename="report.md"; filename*=UTF-8''report.md`);
    const h = contentDisposition('a/we"ird;name\u00e9.txt', "inline");
    expect(h).toBe(`inline; filename="we_ird_name_.txt"; filename*=UTF-8''we%22ird%3Bname%C3%A9.txt`);
  });

  it("fuzz: never throws and never contains CR, LF or an unescaped quote in the fallback", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (name) => {
        const h = contentDisposition(name, "attachment");
        expect(h).not.toMatch(/[\r\n\0]/);
        expect(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]*$/.test(h)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
