/**
 * Instance processes and everything they spawn live in one process group
 * each (a `detached` spawn makes the instance its group's leader), so one
 * signal ends them all: on timeout, crash, reload, close, and when the
 * platform process exits however it exits (normal exit, Ctrl-C through the
 * CLI's shutdown, an uncaught error). After `kill -9` of the platform no hook
 * runs here: the instance's own watchdog (watchdog.cjs) takes over.
 */
import type { ChildProcess } from "node:child_process";

const liveGroups = new Set<ChildProcess>();
let exitHookInstalled = false;

/** SIGKILLs the child's whole group (the child itself when it has no group of its own). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // The group is gone already (every member exited), or no group (Windows): the child alone.
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** Kills the child's group when the platform process exits. */
export function trackGroup(child: ChildProcess): void {
  liveGroups.add(child);
  // Not on the child's `exit`: what the function spawned may outlive the instance; the group is killed then.
  child.once("error", () => {
    if (child.pid === undefined) liveGroups.delete(child); // never spawned
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const running of liveGroups) killGroup(running);
    });
  }
}

/** Kills the group and forgets it. */
export function endGroup(child: ChildProcess): void {
  killGroup(child);
  liveGroups.delete(child);
}
