// Waiting work, like an API call: each call spends ~200 ms waiting on a timer and almost no CPU.
//
// While a call waits, the thread is free, so `async` overlaps the waits on one thread — no
// worker needed; workers only add start-up cost here.

import { delay, respond, type ApiResponse } from './helpers';

export async function fetchRecord(id: number): Promise<ApiResponse> {
  const startedAt = Date.now();
  await delay(200); // stands in for the network
  return respond(id, startedAt);
}

export const PROFILE_INPUTS: number[] = Array.from({ length: 16 }, (_, id) => id);
