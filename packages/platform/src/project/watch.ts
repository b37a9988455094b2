/**
 * Watches `functions/` and reports which function folder changed, so the
 * platform can drop that function's warm workers and load its new code.
 * Bursts of events (an editor's save is several) are debounced per function.
 * Top-level files (settings.json, its lock and temp files) are not functions
 * and are ignored: settings are read from the file on every request anyway.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { join, resolve, sep } from "node:path";

export const WATCH_DEBOUNCE_MS = 100;

export interface WatchOptions {
  debounceMs?: number;
}

/** The function folder an event's file name belongs to, or undefined for top-level files. */
function functionOf(filename: string): string | undefined {
  const parts = filename.split(/[\\/]/).filter(Boolean);
  const [first] = parts;
  if (!first || first.startsWith(".")) return undefined;
  if (parts.length === 1) return first.includes(".") ? undefined : first; // a folder created, renamed or removed
  return first;
}

/**
 * Calls `onChange(functionName)` once per burst of changes under
 * `functions/<functionName>/`. Works before `functions/` exists (it waits for
 * it). Returns a function that stops watching.
 */
export function watchFunctions(projectDir: string, onChange: (functionName: string) => void, options: WatchOptions = {}): () => void {
  const root = resolve(projectDir);
  const functionsDir = join(root, "functions");
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  const timers = new Map<string, NodeJS.Timeout>();
  let watcher: FSWatcher | undefined;
  let closed = false;

  const report = (name: string): void => {
    clearTimeout(timers.get(name));
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        if (!closed) onChange(name);
      }, debounceMs),
    );
  };

  const start = (): void => {
    if (closed) return;
    watcher?.close();
    if (!existsSync(functionsDir)) {
      // Wait for functions/ to appear (non-recursive: the project root may hold node_modules).
      watcher = watch(root, { persistent: false }, (_event, filename) => {
        if (String(filename ?? "") === "functions" && existsSync(functionsDir)) start();
      });
      watcher.on("error", () => undefined);
      return;
    }
    watcher = watch(functionsDir, { recursive: true, persistent: false }, (_event, filename) => {
      const name = filename ? functionOf(String(filename).split(sep).join("/")) : undefined;
      if (name) report(name);
    });
    // functions/ removed or renamed: go back to waiting for it.
    watcher.on("error", () => setTimeout(start, debounceMs).unref());
  };
  start();

  return () => {
    closed = true;
    watcher?.close();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
