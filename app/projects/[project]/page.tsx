import { redirect } from "next/navigation";

export default async function ProjectPage({ params }: { params: Promise<{ project: string }> }) {
  redirect(`/projects/${encodeURIComponent((await params).project)}/sessions`);
}
