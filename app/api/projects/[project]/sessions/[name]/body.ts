import "server-only";
import type { NextRequest } from "next/server";
import { readJson } from "@/lib/http/route";

/** Actions take an optional JSON body: none (or empty) reads as `{}`. */
export async function readOptionalJson(req: NextRequest): Promise<unknown> {
  if (req.headers.get("content-length") === "0" || !req.headers.get("content-type")) return {};
  return readJson(req);
}
