// Runner entry: `node --import tsx local/runner/main.ts <config.json>`. JSON events on stdout,
// logs on stderr, exit code for the operator (0 done/stopped, 1 failed, 2 bad config, 143 batch stopped).
import { loadRunnerConfig, readRunnerEnv, type RunnerConfig } from "./config";
import { log, stdoutEmitter } from "./events";
import { SessionRunner } from "./runner";

// SIGTERM must end the process within 2 s even if something hangs.
const HARD_STOP_MS = 1800;

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    log("usage: main.ts <config.json>");
    return 2;
  }
  let cfg: RunnerConfig;
  try {
    cfg = loadRunnerConfig(file);
  } catch (e) {
    log(`invalid runner config ${file}: ${(e as Error).message}`);
    return 2;
  }
  const runner = new SessionRunner(cfg, readRunnerEnv(), stdoutEmitter());
  const onSignal = (sig: string) => {
    log(`${sig}: stopping`);
    runner.requestStop();
    setTimeout(() => {
      log("stop took too long; exiting");
      process.exit(cfg.interactive ? 0 : 143);
    }, HARD_STOP_MS).unref();
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  return runner.run();
}

process.on("unhandledRejection", (e) => {
  log(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`);
  process.exit(1);
});

main().then(
  (code) => {
    // stdout is a pipe: let the last events drain before exiting.
    process.stdout.write("", () => process.exit(code));
  },
  (e: Error) => {
    log(`runner failed: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
