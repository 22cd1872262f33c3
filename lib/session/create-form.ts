// The create form's state (strings, as inputs hold them) and its conversion to the schema's input.
// The browser validates with the same schema the route uses; the errors come back per field path.
import { fieldPath } from "../http/field-path";
import { toCreateInput, type CreateFormState } from "./create-form-state";
import { createSessionSchema, fieldErrorsOf, type CreateSessionInput } from "./schemas";

export { emptyCreateForm, toCreateInput, type CreateFormState } from "./create-form-state";

export function validateCreateForm(f: CreateFormState, allowLocalRepos: boolean): { ok: true; input: CreateSessionInput; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const body = toCreateInput(f);
  const r = createSessionSchema({ allowLocalRepos }).safeParse(body);
  if (r.success) return { ok: true, input: r.data, body };
  return { ok: false, errors: fieldErrorsOf(r.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))) };
}
