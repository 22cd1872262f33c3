import type { Metadata } from "next";
import { ErrorState } from "@/components/common/error-state";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { load, pageKubeConfig } from "@/lib/auth/page";
import { loadOverview } from "@/lib/k8s/overview";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const kc = await pageKubeConfig();
  const data = await load(() => loadOverview(kc));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="text-sm text-muted-foreground">Every session in every project you may see, live.</p>
      </div>
      {data.ok ? <OverviewDashboard initial={data.data} /> : <ErrorState error={data.error} what="Could not load the overview" />}
    </div>
  );
}
