/** A loopback static server for the repository's files (test/browser/server.mjs). */
export function serve(options?: { isolated?: boolean; port?: number }): Promise<{ url: string; close(): Promise<void> }>;
