// A child process of the harness's child_process pool (forked with advanced serialization):
// imports the user's module once, then runs the tasks the harness sends it, one at a time.
import { describeError, serveTasks } from './node-common.mjs';

const options = JSON.parse(process.argv[2]);

// An orphaned worker has nothing left to do: the harness that fed it is gone.
process.on('disconnect', () => process.exit(0));

function reportUncaught(origin) {
  return (error) => process.send({ type: 'uncaught', origin, error: describeError(error, options.bundleDir) }, () => process.exit(1));
}
process.on('uncaughtException', reportUncaught('uncaught'));
process.on('unhandledRejection', reportUncaught('unhandled-rejection'));

await serveTasks(
  { ...options, measureCpu: true, thread: 0 },
  {
    send: (message) => process.send(message),
    onMessage: (handler) => process.on('message', handler),
  },
);
