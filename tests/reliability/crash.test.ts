// kill -9 of the whole stack (API server + operator) at random moments under write load, restarted
// each time on the same DATA_DIR: acknowledged writes lost = 0, and the operator converges.
import { describe, expect, it } from "vitest";
import { runCrashRounds } from "./lib/crash";
import { budgetMs, reportFigures, SCALE } from "./lib/scale";

describe("crash of the whole stack under write load", () => {
  it(
    `survives ${SCALE.crashes} × SIGKILL: no acknowledged write lost, no session left in a lying phase, no orphan runner`,
    async () => {
      const figures = await runCrashRounds({ rounds: SCALE.crashes, writesPerRound: SCALE.crashWritesPerRound });
      reportFigures("crash", { ...figures });
      expect(figures.rounds).toBe(SCALE.crashes);
      expect(figures.acknowledgedWrites).toBeGreaterThan(0);
      expect(figures.lostExamples).toEqual([]);
      expect(figures.lostWrites + figures.lostCreates).toBe(0);
      expect(figures.notConverged).toEqual([]);
      expect(figures.orphanRunners).toBe(0);
    },
    budgetMs(240_000, 1_800_000),
  );
});
