// Defaults and limits of the session spec (CONTRACT.md §1). One place, used by schemas,
// normalisation, the CRD tests and the operator.
export const SESSION_DEFAULTS = {
  interactive: true,
  branch: "main",
  model: "claude-3-7-sonnet-latest",
  temperature: 0.7,
  maxTokens: 4000,
  timeout: 300,
  autoPushOnComplete: false,
} as const;

export const SESSION_LIMITS = {
  initialPromptMax: 100_000,
  displayNameMax: 253,
  temperatureMin: 0,
  temperatureMax: 2,
  maxTokensMin: 1,
  maxTokensMax: 200_000,
  timeoutMin: 1,
  timeoutMax: 86_400,
} as const;
