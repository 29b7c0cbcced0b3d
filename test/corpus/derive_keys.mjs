// Key derivation for a batch of users, as a sign-up or migration script does it: pbkdf2 through its
// promise form, so the hashing runs in Node's thread pool (libuv), off the event loop.
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';

const derive = promisify(pbkdf2);

export async function deriveKey(user) {
  const key = await derive(`password-of-${user}`, `salt-${user}`, 40000, 32, 'sha256');
  return key.toString('hex');
}

export const PROFILE_INPUTS = Array.from({ length: 12 }, (_, index) => `user${index}`);
