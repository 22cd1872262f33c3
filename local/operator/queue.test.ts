import { describe, expect, it } from "vitest";
import { WorkQueue } from "./queue";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("WorkQueue", () => {
  it("never runs one key twice at once; a key re-added while in flight runs once more afterwards", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let runs = 0;
    const q = new WorkQueue(
      async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        runs++;
        await tick(20);
        inFlight--;
      },
      { concurrency: 4 },
    );
    q.add("ns/a");
    await tick();
    q.add("ns/a");
    q.add("ns/a");
    await q.idle();
    await tick(50);
    expect(maxInFlight).toBe(1);
    expect(runs).toBe(2);
  });

  it("deduplicates waiting keys and runs different keys in parallel up to the concurrency", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: string[] = [];
    const q = new WorkQueue(
      async (k) => {
        seen.push(k);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await tick(10);
        inFlight--;
      },
      { concurrency: 2 },
    );
    // a and b start at once; c waits, and adding it again while it waits changes nothing.
    for (const k of ["a", "b", "c", "c", "c"]) q.add(k);
    await q.idle();
    expect(seen.sort()).toEqual(["a", "b", "c"]);
    expect(maxInFlight).toBe(2);
  });

  it("urgent keys go ahead of routine ones", async () => {
    const order: string[] = [];
    const q = new WorkQueue(
      async (k) => {
        order.push(k);
        await tick(2);
      },
      { concurrency: 1 },
    );
    q.add("first");
    q.add("routine-1");
    q.add("routine-2");
    q.add("urgent", true);
    q.add("routine-2", true);
    await q.idle();
    expect(order).toEqual(["first", "routine-2", "urgent", "routine-1"]);
  });

  it("a failing key comes back with growing delays; success resets the count", async () => {
    const times: number[] = [];
    let fail = 3;
    const q = new WorkQueue(
      async () => {
        times.push(Date.now());
        if (fail-- > 0) throw new Error("boom");
      },
      { concurrency: 1, baseDelayMs: 20 },
    );
    q.add("k");
    await new Promise((r) => setTimeout(r, 400));
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(75);
    expect(q.failureCount("k")).toBe(0);
  });

  it("requeueAfterMs brings the key back later; the earlier of two delays wins", async () => {
    const times: number[] = [];
    const q = new WorkQueue(
      async () => {
        times.push(Date.now());
        return times.length === 1 ? { requeueAfterMs: 60 } : {};
      },
      { concurrency: 1 },
    );
    const start = Date.now();
    q.add("k");
    await tick(10);
    q.addAfter("k", 500);
    await new Promise((r) => setTimeout(r, 150));
    expect(times).toHaveLength(2);
    expect(times[1] - start).toBeGreaterThanOrEqual(55);
    expect(times[1] - start).toBeLessThan(400);
    await q.shutDown();
  });
});
