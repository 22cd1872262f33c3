// Sizes for the reliability suites: bounded in `npm test`, full in `npm run bench:reliability`
// (which sets RELIABILITY_FULL=1 and RELIABILITY_OUT=<folder> and runs the same tests).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const FULL = process.env.RELIABILITY_FULL === "1";

export const SCALE = FULL
  ? { routeFuzzRuns: 400, targetedRuns: 60, apiFuzzRuns: 4000, clients: 20, writes: 1000, sessions: 20, crashes: 20, crashWritesPerRound: 60, stopRounds: 10 }
  : { routeFuzzRuns: 40, targetedRuns: 10, apiFuzzRuns: 400, clients: 20, writes: 200, sessions: 8, crashes: 3, crashWritesPerRound: 30, stopRounds: 2 };

/** vitest timeout for a suite whose work grows with the scale. */
export function budgetMs(boundedMs: number, fullMs: number): number {
  return FULL ? fullMs : boundedMs;
}

/** Print a suite's figures, and keep them for bench/reliability.ts when it asked for them. */
export function reportFigures(name: string, figures: Record<string, unknown>): void {
  console.log(`[reliability] ${name}: ${JSON.stringify(figures)}`);
  const out = process.env.RELIABILITY_OUT;
  if (!out) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `${name}.json`), JSON.stringify({ ...figures, full: FULL, at: new Date().toISOString() }, null, 2));
}

/** fast-check seed: FUZZ_SEED when given, fixed in bounded runs (a repeatable `npm test`), fresh in full ones. */
export function fuzzSeed(): number {
  const given = Number(process.env.FUZZ_SEED);
  if (Number.isInteger(given) && given !== 0) return given;
  return FULL ? Date.now() % 2 ** 31 : 20261125;
}
