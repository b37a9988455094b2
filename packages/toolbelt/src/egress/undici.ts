/**
 * The only place the toolbelt loads undici. Loaded on first request, not at
 * import, so `require("lp-faas-toolbelt")` stays light for a function's cold start.
 */
import type * as Undici from "undici";

let loaded: typeof Undici | undefined;

export function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require("undici") as typeof Undici;
  return loaded;
}

export type { Dispatcher } from "undici";
