// Small typed helpers for wait.ts, imported by a relative path.

export interface ApiResponse {
  id: number;
  status: number;
  elapsedMs: number;
}

/** Resolves after `ms` milliseconds, like a network round trip would. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function respond(id: number, startedAt: number): ApiResponse {
  return { id, status: 200, elapsedMs: Date.now() - startedAt };
}
