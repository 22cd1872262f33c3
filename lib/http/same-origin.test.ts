import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./same-origin";

const base = { method: "POST", origin: null, secFetchSite: null, host: "localhost:3000" };

describe("isCrossSiteWrite", () => {
  it("lets reads through", () => expect(isCrossSiteWrite({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false));
  it("accepts same-origin writes", () => expect(isCrossSiteWrite({ ...base, origin: "http://localhost:3000", secFetchSite: "same-origin" })).toBe(false));
  it("rejects another origin", () => expect(isCrossSiteWrite({ ...base, origin: "https://evil.example" })).toBe(true));
  it("rejects a same-host origin on another port", () => expect(isCrossSiteWrite({ ...base, origin: "http://localhost:4000" })).toBe(true));
  it("rejects cross-site fetch metadata even without Origin", () => expect(isCrossSiteWrite({ ...base, secFetchSite: "cross-site" })).toBe(true));
  it("rejects the opaque null origin", () => expect(isCrossSiteWrite({ ...base, origin: "null" })).toBe(true));
  it("lets non-browser clients (no Origin, no fetch metadata) through", () => expect(isCrossSiteWrite({ ...base, method: "DELETE" })).toBe(false));
});
