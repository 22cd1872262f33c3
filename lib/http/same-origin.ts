// Cross-site request check for mutating routes. Browsers always send Origin on cross-origin
// POST/PUT/PATCH/DELETE, and Sec-Fetch-Site where supported; clients that are not browsers send
// neither and cannot be made to act for a user, so they pass.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheckInput {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  /** Host the user's browser addressed: X-Forwarded-Host behind a proxy, else Host. */
  host: string | null;
}

export function isCrossSiteWrite({ method, origin, secFetchSite, host }: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (secFetchSite && secFetchSite !== "same-origin" && secFetchSite !== "none") return true;
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
