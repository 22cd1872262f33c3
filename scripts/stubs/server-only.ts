// vitest: 'server-only' guards the browser bundle; in tests every module is server-side.
export {};
