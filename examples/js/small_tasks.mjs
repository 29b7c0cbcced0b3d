// Tasks far too small to be worth sending anywhere: posting each one to a worker (cloning the
// input, waking the worker, cloning the result back) costs more than the work itself.

export function square(x) {
  return x * x;
}

export const PROFILE_INPUTS = Array.from({ length: 20_000 }, (_, i) => i);
