/** The httpOnly cookie holding a signed-in user's bearer token (AUTH_MODE=token). */
export const TOKEN_COOKIE = "sc-token";
/** Header an auth proxy (oauth-proxy and the like) sets with the user's access token. */
export const FORWARDED_TOKEN_HEADER = "x-forwarded-access-token";
