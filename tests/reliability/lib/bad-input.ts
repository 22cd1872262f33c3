// Bad input for the fuzzers: names, URLs, strings, JSON and bodies a careless or hostile client sends.
import fc from "fast-check";

/** Names that break RFC 1123 in one way or another (case, characters, length, traversal, encoding). */
export const badNames: string[] = [
  "",
  "UPPER",
  "under_score",
  "-lead",
  "trail-",
  "a..b",
  "..",
  ".",
  "../etc",
  "%2e%2e",
  "a/b",
  "a b",
  "ünïcode",
  "😀",
  "a".repeat(64),
  "a".repeat(254),
  "null", // a valid DNS label: only "bad" where the literal word is
  "nul\u0000l",
  "line\nbreak",
  "tab\t",
  "a:b",
  "a%zz",
  "*",
];

export const badUrls: string[] = [
  "http://example.com/org/repo",
  "ftp://example.com/r",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "file://host/path",
  "git@host",
  "https://",
  "https://h/ p",
  "https://exa mple.com/r",
  "\u0000",
  `https://example.com/${"a".repeat(3000)}`,
  "ssh://",
  "git@github.com:../x",
  "//example.com/r",
  "data:text/plain,hi",
  "https://[::1",
];

const hugeString = fc.integer({ min: 1_000, max: 120_000 }).map((n) => "x".repeat(n));

export const weirdString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...badNames, ...badUrls, "", " ", "\u202e", "\ufeff", "𝕦𝕟𝕚𝕔𝕠𝕕𝕖", "null", "true", "0", "-1", "1e309", "NaN"), weight: 4 },
  { arbitrary: fc.string({ maxLength: 60 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 1 },
  { arbitrary: hugeString, weight: 1 },
);

export const goodName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/);

/** Any JSON value, biased to the shapes validation code trips on. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: weirdString, weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, [], {}, [null], { "": "" }), weight: 2 },
);

/** Deeply nested JSON text (arrays or objects), the shape that overflows recursive validators. */
export const deepJson = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
  .map(([d, arrays]) => (arrays ? "[".repeat(d) + "]".repeat(d) : '{"a":'.repeat(d) + "1" + "}".repeat(d)));

export const contentTypes = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/merge-patch+json",
  "application/json-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
  "application/yaml",
  "application/jsonx",
  "",
);

/** A body built from field names the console and the API know, with values of any type. */
export function shapedBody(fields: string[]): fc.Arbitrary<string> {
  return fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })), anyValue, { maxKeys: 6 }).map((o) => JSON.stringify(o));
}

/** JSON text cut short somewhere. */
export function truncated(of: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(of, fc.nat()).map(([s, n]) => (s.length > 1 ? s.slice(0, 1 + (n % (s.length - 1))) : "{"));
}

export function bodies(fields: string[], sample: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.json({ maxDepth: 3 }), weight: 2 },
    { arbitrary: shapedBody(fields), weight: 5 },
    { arbitrary: deepJson, weight: 1 },
    { arbitrary: truncated(fc.constant(sample)), weight: 2 },
    { arbitrary: fc.integer({ min: 200_000, max: 900_000 }).map((n) => JSON.stringify({ initialPrompt: "p".repeat(n), text: "t".repeat(n), name: "x" })), weight: 1 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 200 }), weight: 1 },
    { arbitrary: fc.constantFrom("", "null", "[]", "0", '"str"', "{}", "{,}", "{'a':1}", "\ufeff{}", "{\"a\":1}garbage"), weight: 2 },
  );
}

/** `["repos", 0, "url"]` → `repos[0].url`, the form of the console's `error.field`. */
export function fieldName(pathParts: ReadonlyArray<string | number>): string {
  return pathParts.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), "");
}

/** A deep copy of `obj` with the value at `pathParts` replaced. */
export function withValue<T>(obj: T, pathParts: ReadonlyArray<string | number>, value: unknown): T {
  const copy = structuredClone(obj) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of pathParts.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[pathParts[pathParts.length - 1]] = value;
  return copy as T;
}
