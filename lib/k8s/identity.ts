/** Who a request to the cluster is made as. */
export type Identity =
  /** The kubeconfig's own user (AUTH_MODE=local; the embedded admin by default). */
  | { kind: "local" }
  /** A bearer token from the sign-in cookie (AUTH_MODE=token) or an auth proxy (AUTH_MODE=proxy). */
  | { kind: "token"; token: string };
