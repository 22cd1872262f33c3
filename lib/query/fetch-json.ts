import { isApiErrorBody, type ApiErrorBody } from "../http/api-error";

/** A failed console API call, carrying the server's `{ error }` body. */
export class ApiRequestError extends Error {
  constructor(readonly error: ApiErrorBody["error"]) {
    super(error.message);
  }
  get code() {
    return this.error.code;
  }
  get field() {
    return this.error.field;
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const res = await fetch(url, {
    ...rest,
    headers: { Accept: "application/json", ...(json !== undefined ? { "Content-Type": "application/json" } : {}), ...rest.headers },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    throw new ApiRequestError(
      isApiErrorBody(body) ? body.error : { code: res.status, reason: res.statusText || "Error", message: text.slice(0, 300) || `HTTP ${res.status}` },
    );
  }
  return body as T;
}
