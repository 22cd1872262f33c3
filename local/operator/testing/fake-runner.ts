// A stand-in runner for failure modes the real one does not produce on demand. It speaks the same
// protocol (JSON events on stdout, exit code) and acts on its prompt:
//   "exit:<n>"  → started, then exit n with a line on stderr
//   "hang"      → started, then nothing until SIGTERM (exit 143)
//   "crash"     → started, then SIGKILL itself (a crash the operator did not ask for)
import { readFileSync } from "node:fs";

const cfg = JSON.parse(readFileSync(process.argv[2], "utf8")) as { prompt: string; interactive: boolean };
const emit = (e: object) => process.stdout.write(JSON.stringify(e) + "\n");
process.on("SIGTERM", () => process.exit(cfg.interactive ? 0 : 143));
emit({ event: "started" });
const prompt = cfg.prompt || "hang";
if (prompt.startsWith("exit:")) {
  process.stderr.write("fake runner: failing on purpose\n");
  setTimeout(() => process.exit(Number(prompt.slice(5))), 300);
} else if (prompt === "crash") {
  setTimeout(() => process.kill(process.pid, "SIGKILL"), 300);
} else {
  setInterval(() => {}, 60_000);
}
