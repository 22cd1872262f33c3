import Link from "next/link";
import { EmptyState } from "@/components/common/empty-state";

export default function NotFound() {
  return (
    <EmptyState title="Page not found">
      <Link href="/" className="text-primary hover:underline">
        Back to projects
      </Link>
    </EmptyState>
  );
}
