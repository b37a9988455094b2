"use strict";
/**
 * A worker thread inside every instance process (started by worker-entry.cjs):
 * when the platform is gone (this process was re-parented, e.g. after
 * `kill -9` of the platform) it kills the instance's whole process group. It
 * runs on its own thread, so it works while the function blocks the main
 * thread in a synchronous loop, which no timer or IPC `disconnect` handler
 * there could.
 */
const { workerData } = require("node:worker_threads");

const { parentPid, intervalMs } = workerData;

function killGroup() {
  try {
    process.kill(-process.pid, "SIGKILL"); // the instance is its group's leader (detached spawn)
  } catch {
    process.kill(process.pid, "SIGKILL");
  }
}

setInterval(() => {
  if (process.ppid !== parentPid) killGroup();
}, intervalMs);
