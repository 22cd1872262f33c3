import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { route } from "@/lib/http/route";
import { loadCatalog, type Catalog } from "@/lib/workflows/catalog";

export const dynamic = "force-dynamic";

/** The workflow catalog for the picker; without a configured catalog only "custom" is offered. */
export const GET = route(async () => {
  const { WORKFLOW_CATALOG_URL, WORKFLOW_CATALOG_BRANCH } = config();
  const catalog: Catalog | { workflows: []; error: string } = WORKFLOW_CATALOG_URL
    ? await loadCatalog(WORKFLOW_CATALOG_URL, WORKFLOW_CATALOG_BRANCH)
    : { workflows: [], error: "No workflow catalog is configured (WORKFLOW_CATALOG_URL)" };
  return NextResponse.json(catalog, { headers: { "Cache-Control": "private, max-age=30" } });
});
