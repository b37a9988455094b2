/**
 * In a platform worker, the global undici dispatcher: Node's own `fetch` and
 * undici's `fetch`/`request` without an explicit dispatcher go through the
 * request core's admission (the allowlist on the URL and its Host header, then
 * a token of the function's rate limit) and its keep-alive pools (proxies,
 * NO_PROXY). A refused request fails before any socket; an exhausted limit is
 * answered 429 locally; `fetch` follows redirects by dispatching each hop, so
 * every hop is admitted again.
 *
 * Handlers come in undici's two shapes (Node 20's fetch uses the older one), so
 * local answers speak both.
 */
import type { CoreHeaders, CoreResponse } from "./core-types";
import type { CoreInternals } from "./request-core";

/** What undici passes to `dispatch()` (the part used here). */
export interface DispatchOptions {
  readonly origin?: string | URL;
  readonly path: string;
  readonly method?: string;
  readonly headers?: unknown;
}

type Callback = (...args: unknown[]) => unknown;
/** Either handler shape: `onResponseStart`… (undici 7) or `onHeaders`… (earlier, and Node 20's fetch). */
export type DispatchHandler = Partial<Record<string, Callback>>;

export interface GlobalDispatcher {
  dispatch(options: DispatchOptions, handler: DispatchHandler): boolean;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

const noop = (): void => {};
const controller = { abort: noop, pause: noop, resume: noop, paused: false, aborted: false, reason: null };

function fail(handler: DispatchHandler, error: unknown): void {
  if (typeof handler.onResponseError === "function") handler.onResponseError(controller, error);
  else handler.onError?.(error);
}

function answer(handler: DispatchHandler, response: CoreResponse): void {
  if (typeof handler.onResponseStart === "function") {
    handler.onRequestStart?.(controller, {});
    handler.onResponseStart(controller, response.statusCode, response.headers, response.statusMessage);
    handler.onResponseData?.(controller, response.body);
    handler.onResponseEnd?.(controller, {});
    return;
  }
  const raw = Object.entries(response.headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).flatMap((v) => [Buffer.from(name), Buffer.from(v)]),
  );
  handler.onConnect?.(noop);
  handler.onHeaders?.(response.statusCode, raw, noop, response.statusMessage);
  handler.onData?.(response.body);
  handler.onComplete?.([]);
}

/** undici's request headers (an object, `[name, value]` pairs, or a flat list) as the core's. */
export function headersOf(raw: unknown): CoreHeaders {
  const out: CoreHeaders = {};
  const add = (name: unknown, value: unknown): void => {
    const key = String(name);
    const values = (Array.isArray(value) ? value : [value]).map(String);
    const existing = out[key];
    out[key] = existing === undefined ? (values.length === 1 ? values[0]! : values) : [...(Array.isArray(existing) ? existing : [existing]), ...values];
  };
  if (Array.isArray(raw)) {
    if (raw.every((entry) => Array.isArray(entry))) for (const [name, value] of raw as unknown[][]) add(name, value);
    else for (let i = 0; i + 1 < raw.length; i += 2) add(raw[i], raw[i + 1]);
  } else if (raw !== null && typeof raw === "object") {
    const entries = Symbol.iterator in raw ? [...(raw as Iterable<[unknown, unknown]>)] : Object.entries(raw);
    for (const [name, value] of entries) if (value !== undefined) add(name, value);
  }
  return out;
}

export function createGlobalDispatcher(core: () => CoreInternals): GlobalDispatcher {
  return {
    dispatch(options, handler) {
      const internals = core();
      let url: URL;
      try {
        url = new URL(options.path, options.origin);
      } catch (error) {
        fail(handler, error);
        return true;
      }
      const go = (): boolean => internals.dispatcherFor(url).dispatch(options as never, handler);
      let verdict: CoreResponse | undefined | Promise<CoreResponse | undefined>;
      try {
        verdict = internals.admission.admit({ url, method: options.method ?? "GET", headers: headersOf(options.headers) });
      } catch (error) {
        fail(handler, error);
        return true;
      }
      if (verdict instanceof Promise) {
        verdict.then(
          (local) => (local ? answer(handler, local) : go()),
          (error: unknown) => fail(handler, error),
        );
        return true;
      }
      if (verdict) {
        answer(handler, verdict);
        return true;
      }
      return go();
    },
    // The pools belong to the request core, which closes them itself.
    close: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
  };
}

const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/**
 * Makes `dispatcher` undici's global one (Node's `fetch` reads the same symbol).
 * Before undici is loaded the property is left redefinable, so undici's own
 * start-up keeps it and a function's `setGlobalDispatcher()` can still replace it.
 */
export function installGlobalDispatcher(dispatcher: GlobalDispatcher): void {
  const existing = Object.getOwnPropertyDescriptor(globalThis, GLOBAL_DISPATCHER);
  if (existing && !existing.configurable) (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] = dispatcher;
  else Object.defineProperty(globalThis, GLOBAL_DISPATCHER, { value: dispatcher, writable: true, enumerable: false, configurable: true });
}
