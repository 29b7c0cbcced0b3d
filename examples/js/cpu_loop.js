// CPU work in plain JavaScript: count the primes below a limit by trial division.
//
// One JavaScript thread runs one call at a time, so `async` cannot speed this up: there is nothing
// to wait on. worker_threads and child_process run calls on other cores, up to the core count.

function countPrimes(limit) {
  let count = 0;
  for (let candidate = 2; candidate < limit; candidate++) {
    let isPrime = true;
    for (let divisor = 2; divisor * divisor <= candidate; divisor++) {
      if (candidate % divisor === 0) {
        isPrime = false;
        break;
      }
    }
    if (isPrime) count++;
  }
  return count;
}

const PROFILE_INPUTS = Array(8).fill(700_000);

module.exports = { countPrimes, PROFILE_INPUTS };

if (require.main === module) {
  console.log(PROFILE_INPUTS.map(countPrimes));
}
