import { describe, expect, it } from "vitest";
import { PREVIEW_MAX_BYTES, kindFromName, languageFor, looksBinary } from "./file-kind";

describe("kindFromName", () => {
  it("images inline, known binaries download, big files download", () => {
    expect(kindFromName("a/logo.PNG", 1000)).toBe("image");
    expect(kindFromName("dist/app.wasm", 10)).toBe("binary");
    expect(kindFromName("README.md", 10)).toBe("text");
    expect(kindFromName("big.log", PREVIEW_MAX_BYTES + 1)).toBe("too-large");
  });
});

describe("languageFor", () => {
  it("maps extensions and well-known names, leaving unknown ones plain", () => {
    expect(languageFor("src/x.tsx")).toBe("typescript");
    expect(languageFor("Dockerfile")).toBe("dockerfile");
    expect(languageFor("notes.txt")).toBeUndefined();
    expect(languageFor(".bashrc")).toBeUndefined();
  });
});

describe("looksBinary", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it("text (including multi-byte UTF-8) is text; NUL or invalid UTF-8 is binary", () => {
    expect(looksBinary(enc("hello — ünïcödé ✓\n"))).toBe(false);
    expect(looksBinary(new Uint8Array([0x68, 0x00, 0x69]))).toBe(true);
    expect(looksBinary(new Uint8Array([0xff, 0xfe, 0x41]))).toBe(true);
  });

  it("a character cut at the 8 KB edge is still text", () => {
    const bytes = enc("a".repeat(8191) + "é" + "b".repeat(10));
    expect(looksBinary(bytes)).toBe(false);
  });
});
