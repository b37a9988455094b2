/**
 * Test access to the toolbelt: a fresh configuration per test, and an HTTP
 * client on its own request core so rate-limit buckets do not leak between tests.
 */
import { configure, resetConfig } from "../../src/config/resolve-config";
import type { ToolbeltSettings } from "../../src/config/types";
import { getRequestCore } from "../../src/egress/request-core";
import { createHttpClient } from "../../src/http/http-client";
import type { HttpClient } from "../../src/http/types";

/** Resets the process-wide configuration, applies `settings` (rate limit off unless given) and returns a client. */
export function freshClient(settings: ToolbeltSettings = {}): HttpClient {
  resetConfig();
  configure({ rateLimit: false, ...settings });
  return createHttpClient({}, { core: getRequestCore });
}

export { resetConfig };
