import "server-only";
import pino from "pino";
import { config } from "./config";

// Tokens must never reach logs: every field that can carry one is redacted by pino itself.
export const REDACTED_PATHS = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "headers['x-forwarded-access-token']",
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-forwarded-access-token']",
];

export const logger = pino({
  name: "console",
  level: config().LOG_LEVEL,
  redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
});
