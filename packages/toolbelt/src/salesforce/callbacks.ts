/**
 * jsforce 1.x (V1's library) accepted a Node-style callback as the last argument of
 * its Connection methods — the documented seed example is
 * `con.query(query, function (err, queryResult) {})`. jsforce 3 dropped callbacks: the
 * function is taken as `options` and, for `query`, nothing is even sent (a `Query`
 * runs only when awaited). This restores the callback form on the Connection's own
 * methods: a trailing function is removed from the arguments, the call runs, and the
 * callback gets `(err)` or `(null, result)`. The return value is unchanged, so the
 * promise form keeps working.
 */
import type { Connection } from "jsforce";

/** Connection methods that take no function argument of their own (jsforce 1.x accepted a callback on each). */
export const CALLBACK_METHODS: readonly string[] = (
  "query queryAll queryMore search " +
  "request requestGet requestPost requestPut requestPatch requestDelete " +
  "retrieve create insert update upsert destroy delete del " +
  "describe describe$ describeSObject describeSObject$ describeGlobal describeGlobal$ " +
  "identity limits recent updated deleted tabs theme " +
  "login loginByOAuth2 loginBySoap logout logoutByOAuth2 logoutBySoap authorize"
).split(" ");

export type NodeCallback = (err: Error | null, result?: unknown) => void;

type Thenable = { then(onResolve: (value: unknown) => unknown, onReject: (reason: unknown) => unknown): unknown };

function isThenable(value: unknown): value is Thenable {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as Thenable).then === "function";
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Wraps `fn` so that a trailing function argument is treated as a Node-style callback. */
export function withCallback<F extends (...args: never[]) => unknown>(fn: F): F {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const last = args[args.length - 1];
    if (typeof last !== "function") return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
    const callback = last as NodeCallback;
    let result: unknown;
    try {
      result = (fn as unknown as (...a: unknown[]) => unknown).apply(this, args.slice(0, -1));
    } catch (error) {
      queueMicrotask(() => callback(toError(error)));
      return undefined;
    }
    if (isThenable(result)) {
      // The callback runs outside the promise chain: an exception it throws is not swallowed into a rejection.
      result.then(
        (value) => queueMicrotask(() => callback(null, value)),
        (reason) => queueMicrotask(() => callback(toError(reason))),
      );
    } else {
      queueMicrotask(() => callback(null, result));
    }
    return result;
  };
  return wrapped as unknown as F;
}

/** Adds the callback form to `conn`'s methods (own or inherited), on the instance only. */
export function addCallbackSupport(conn: Connection): Connection {
  const target = conn as unknown as Record<string, unknown>;
  for (const name of CALLBACK_METHODS) {
    const method = target[name];
    if (typeof method !== "function") continue;
    target[name] = withCallback(method as (...args: never[]) => unknown);
  }
  return conn;
}
