export const THEME_COOKIE = "sc-theme";
export type Theme = "light" | "dark" | "system";

/** Class on <html>: none follows the system preference. */
export function themeClass(cookie: string | undefined): string | undefined {
  return cookie === "dark" || cookie === "light" ? cookie : undefined;
}

export function nextTheme(current: Theme): Theme {
  return current === "system" ? "dark" : current === "dark" ? "light" : "system";
}
