// A worker thread of the harness's worker_threads pool: imports the user's module once, then runs
// the tasks the harness sends it, one at a time.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { serveTasks } from './node-common.mjs';

await serveTasks(
  { ...workerData, measureCpu: false, thread: threadId },
  {
    send: (message) => parentPort.postMessage(message),
    onMessage: (handler) => parentPort.on('message', handler),
  },
);
