import { describe, expect, it } from "vitest";
import { formatPositions, parsePositions } from "./stream-positions";

describe("stream positions", () => {
  it("round-trips project positions", () => {
    expect(parsePositions(formatPositions({ demo: "12", "team-a": "40" }))).toEqual({ demo: "12", "team-a": "40" });
  });
  it("drops malformed pairs instead of failing", () => {
    expect(parsePositions("demo:12,BAD:1,x:y,:3,other:007")).toEqual({ demo: "12", other: "007" });
    expect(parsePositions(null)).toEqual({});
  });
});
