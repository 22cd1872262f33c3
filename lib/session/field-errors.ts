/** Field errors by field path (first message per field); errors without a field go under "_form". */
export function fieldErrorsOf(causes: ReadonlyArray<{ field: string; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of causes) {
    const key = c.field || "_form";
    out[key] ??= c.message;
  }
  return out;
}
