// The runner's only stdout output: one JSON event per line for the operator. Logs go to stderr.
export type RunnerEvent =
  | { event: "started" }
  | { event: "content-server"; port: number }
  | { event: "repo"; name: string; url?: string; status: "Cloning" | "Ready" | "Failed" | "Removed"; message?: string }
  | { event: "workflow"; status: "Cloning" | "Active" | "Failed"; name?: string; message?: string }
  | { event: "sdk-session"; id: string }
  | { event: "message"; role: string; type: string; text: string }
  | { event: "done" };

export type Emit = (e: RunnerEvent) => void;

export function stdoutEmitter(out: NodeJS.WritableStream = process.stdout): Emit {
  return (e) => {
    out.write(JSON.stringify(e) + "\n");
  };
}

export function log(message: string): void {
  process.stderr.write(`[runner] ${message}\n`);
}
