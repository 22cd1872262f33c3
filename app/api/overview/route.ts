import { NextResponse } from "next/server";
import { loadOverview } from "@/lib/k8s/overview";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async ({ kc }) => NextResponse.json(await loadOverview(kc), { headers: { "Cache-Control": "no-store" } }));
