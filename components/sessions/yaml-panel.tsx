"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { stringify } from "yaml";
import { Button } from "@/components/ui/button";

/** A read-only YAML view of part of the session, with a copy button. */
export function YamlPanel({ title, value }: { title: string; value: unknown }) {
  const [copied, setCopied] = useState(false);
  const text = value === undefined ? "# not set\n" : stringify(value, { lineWidth: 0 });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      toast.error("Could not copy to the clipboard");
    }
  };
  return (
    <section className="flex flex-col gap-2" aria-label={title}>
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-medium">{title}</h3>
        <Button variant="outline" size="sm" onClick={() => void copy()} aria-label={`Copy ${title}`}>
          {copied ? <Check /> : <Copy />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <pre className="max-h-[32rem] overflow-auto rounded-lg border bg-muted p-3 font-mono text-xs" data-testid={`yaml-${title.toLowerCase()}`}>
        {text}
      </pre>
    </section>
  );
}
