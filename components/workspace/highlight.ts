// Syntax highlighting, loaded only when the workspace tab shows a text file: highlight.js core plus
// the one language needed, each fetched on first use (no full bundle of 190 languages).
import type { HLJSApi, LanguageFn } from "highlight.js";

type Loader = () => Promise<{ default: LanguageFn }>;

// Literal import paths so the bundler makes one small chunk per language.
const LOADERS: Record<string, Loader> = {
  typescript: () => import("highlight.js/lib/languages/typescript"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  python: () => import("highlight.js/lib/languages/python"),
  go: () => import("highlight.js/lib/languages/go"),
  rust: () => import("highlight.js/lib/languages/rust"),
  java: () => import("highlight.js/lib/languages/java"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  bash: () => import("highlight.js/lib/languages/bash"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  css: () => import("highlight.js/lib/languages/css"),
  xml: () => import("highlight.js/lib/languages/xml"),
  sql: () => import("highlight.js/lib/languages/sql"),
  diff: () => import("highlight.js/lib/languages/diff"),
  c: () => import("highlight.js/lib/languages/c"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  ini: () => import("highlight.js/lib/languages/ini"),
  dockerfile: () => import("highlight.js/lib/languages/dockerfile"),
  makefile: () => import("highlight.js/lib/languages/makefile"),
};

let core: Promise<HLJSApi> | undefined;

/**
 * HTML for `code` in `language`, or null when the language is not one we load. highlight.js
 * escapes the source text itself, so the result is safe to insert as HTML.
 */
export async function highlightToHtml(code: string, language: string): Promise<string | null> {
  const load = LOADERS[language];
  if (!load) return null;
  core ??= import("highlight.js/lib/core").then((m) => (m as unknown as { default: HLJSApi }).default);
  const hljs = await core;
  if (!hljs.getLanguage(language)) hljs.registerLanguage(language, (await load()).default);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

export const highlightedLanguages = Object.keys(LOADERS);
