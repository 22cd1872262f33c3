// Security of the running console: the sign-in cookie, cross-site writes, tokens in logs, and the
// security headers on every page (pages found on disk, so new ones are checked too).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { clusterClient, uniqueName } from "./cluster";
import { E2E } from "./env";

const ROOT = path.resolve(import.meta.dirname, "..");
const BAD_TOKEN = "reliability-not-a-real-token-5d1c";

function tokens(): { admin: string; demo: string } {
  const lines = readFileSync(path.join(E2E.dataDir, "tokens.csv"), "utf8").trim().split("\n");
  const find = (user: string) => lines.map((l) => l.split(",")).find((f) => f[1] === user)![0];
  return { admin: find("admin"), demo: find("demo") };
}

/** Every page route under app/, dynamic segments filled with a real project and session. */
function pageUrls(session: string): string[] {
  const files = (readdirSync(path.join(ROOT, "app"), { recursive: true }) as string[]).filter((f) => f.endsWith("page.tsx"));
  return files.map((f) => {
    const dir = path.dirname(f).split(path.sep).filter((s) => s !== "." && !/^\(.*\)$/.test(s));
    return "/" + dir.map((s) => (s === "[project]" ? "demo" : s === "[name]" ? session : s)).join("/");
  });
}

const REQUIRED_HEADERS: Array<[string, RegExp]> = [
  ["content-security-policy", /default-src 'self'.*frame-ancestors 'none'/],
  ["x-frame-options", /^DENY$/i],
  ["x-content-type-options", /^nosniff$/i],
  ["referrer-policy", /\S/],
];

test("security headers on every page, API answer, 404 and static asset", async ({ request }) => {
  const name = uniqueName("e2e-sec");
  await clusterClient().createSession("demo", { metadata: { name }, spec: { initialPrompt: "headers", interactive: false } });
  const urls = [...pageUrls(name), "/api/healthz", "/api/projects", "/no-such-page", "/favicon.ico"];
  expect(urls.length).toBeGreaterThanOrEqual(7);
  for (const url of urls) {
    const res = await request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBeLessThan(500);
    for (const [header, pattern] of REQUIRED_HEADERS) expect(res.headers()[header], `${header} on ${url}`).toMatch(pattern);
    expect(res.headers()["x-powered-by"], url).toBeUndefined();
  }
});

test("the sign-in cookie is httpOnly and SameSite=Strict, and scripts cannot read it", async ({ browser, request }) => {
  const { demo } = tokens();
  const res = await request.post(`${E2E.consoles.token}/api/auth/session`, { data: { token: demo } });
  expect(res.status()).toBe(200);
  const setCookie = res.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value).join("\n");
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  expect(setCookie).toMatch(/Path=\//i);
  expect(setCookie).not.toMatch(/Domain=/i);

  // In a browser: the cookie is stored as httpOnly/Strict and document.cookie does not show it.
  const context = await browser.newContext({ baseURL: E2E.consoles.token });
  const page = await context.newPage();
  // The sign-in page itself: `/` would redirect there and the navigation could cut the evaluation short.
  await page.goto("/signin");
  await page.waitForLoadState("networkidle");
  const signIn = await page.evaluate(async (token) => (await fetch("/api/auth/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) })).status, demo);
  expect(signIn).toBe(200);
  const cookie = (await context.cookies()).find((c) => c.value === demo);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  expect(await page.evaluate(() => document.cookie)).not.toContain(demo);
  await context.close();
});

test("cross-site writes are refused, same-site ones are not", async ({ request }) => {
  const { demo } = tokens();
  const cookie = `sc-token=${demo}`;
  const url = `${E2E.consoles.token}/api/projects/demo/sessions`;
  const body = { initialPrompt: "cross-site", name: uniqueName("e2e-xs").slice(0, 40) };
  const crossSite: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site", origin: "http://evil.127.0.0.1.nip.io:3101" }];
  for (const headers of crossSite) {
    const res = await request.post(url, { data: body, headers: { cookie, ...headers } });
    expect(res.status(), JSON.stringify(headers)).toBe(403);
    expect((await res.json()).error.reason).toBe("Forbidden");
  }
  for (const [method, path] of [["DELETE", "/api/auth/session"], ["POST", "/api/auth/session"], ["POST", "/api/projects"], ["POST", "/api/projects/demo/bulk"]] as const) {
    const res = await request.fetch(`${E2E.consoles.token}${path}`, { method, data: { token: demo, name: "xs", action: "stop", names: ["x"] }, headers: { cookie, origin: "https://evil.example" } });
    expect(res.status(), `${method} ${path}`).toBe(403);
  }
  // The same request from the console's own origin goes through the origin check (here: to validation).
  const same = await request.post(url, { data: { initialPrompt: "" }, headers: { cookie, origin: E2E.consoles.token } });
  expect(same.status()).toBe(400);
  expect((await same.json()).error.field).toBe("initialPrompt");
});

test("tokens never reach the logs", async ({ request }) => {
  const { admin, demo } = tokens();
  // Give the loggers every chance: good and bad sign-ins, forbidden and failing requests, both auth modes.
  await request.post(`${E2E.consoles.token}/api/auth/session`, { data: { token: BAD_TOKEN } });
  await request.post(`${E2E.consoles.token}/api/auth/session`, { data: { token: admin } });
  await request.get(`${E2E.consoles.token}/api/projects/other/sessions`, { headers: { cookie: `sc-token=${demo}` } });
  await request.get(`${E2E.consoles.token}/api/projects/demo/sessions/missing`, { headers: { cookie: `sc-token=${admin}` } });
  for (const token of [admin, demo, BAD_TOKEN]) {
    await request.get(`${E2E.consoles.proxy}/api/projects`, { headers: { "x-forwarded-access-token": token } });
    await request.get(`${E2E.consoles.proxy}/api/projects/demo/sessions?limit=0`, { headers: { authorization: `Bearer ${token}` } });
    await request.post(`${E2E.consoles.proxy}/api/projects/demo/sessions`, { data: "{broken", headers: { "content-type": "application/json", authorization: `Bearer ${token}` } });
  }
  await new Promise((r) => setTimeout(r, 500)); // let the log streams flush
  const logs = ["console-local.log", "console-token.log", "console-proxy.log"].map((f) => path.join(E2E.dataDir, f)).filter(existsSync);
  expect(logs.length).toBeGreaterThan(0);
  for (const file of logs) {
    const text = readFileSync(file, "utf8");
    for (const [label, token] of Object.entries({ admin, demo, bad: BAD_TOKEN })) expect(text.includes(token), `${label} token in ${path.basename(file)}`).toBe(false);
  }
});
