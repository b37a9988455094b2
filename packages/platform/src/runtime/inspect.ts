/**
 * Which instances run with the Node inspector, and on which port. Inspected
 * instances are forked for their function, never taken from the spares: a
 * spare started ahead would either hold an inspector port no function asked
 * for or have none. Each takes the lowest port from the base that no other
 * live inspected instance of this runtime holds, and gives it back when it
 * dies, so a function's replacement instance gets the same port again.
 */
import type { InspectOptions } from "./types";

/** The first inspector port when none is given: Node's own default. */
export const DEFAULT_INSPECT_PORT = 9229;

export interface InspectorPorts {
  /** Whether this function's instances are inspected. */
  inspects(functionName: string): boolean;
  /** Reserves a port for a new inspected instance (0 when the base is 0: any free port). */
  reserve(): number;
  /** Gives a reserved port back (its instance died). */
  release(port: number): void;
}

export function createInspectorPorts(options: InspectOptions | undefined): InspectorPorts {
  if (options !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port <= 65535)) {
    throw new TypeError(`RuntimeOptions.inspect.port must be a port from 0 to 65535 (got ${String(options.port)})`);
  }
  const only = options?.functions === undefined ? undefined : new Set(options.functions);
  const held = new Set<number>();
  return {
    inspects: (functionName) => options !== undefined && (only === undefined || only.has(functionName)),
    reserve() {
      const base = options?.port ?? 0;
      if (base === 0) return 0;
      let port = base;
      while (held.has(port) && port < 65535) port++;
      held.add(port);
      return port;
    },
    release: (port) => void held.delete(port),
  };
}

/** The Node flag of an inspected instance: its inspector on the loopback interface only. */
export function inspectFlag(port: number): string {
  return `--inspect=127.0.0.1:${port}`;
}

/** The port of an inspector URL (`ws://127.0.0.1:9229/<id>`). */
export function portOfInspectorUrl(url: string): number {
  return Number(new URL(url).port);
}
