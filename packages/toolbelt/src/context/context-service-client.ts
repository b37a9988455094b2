/**
 * `Toolbelt.ContextServiceClient({ accountId, apiKey })`: the Context Session Store v1
 * REST API (spec/wire.md §7) on the toolbelt's request core.
 *
 * - Base URL `{CSDS mavenContext}/v1/account/{accountId}`, looked up through the shared
 *   CSDS cache (10 minutes) on each call, so the client is built once (anchor defect 54)
 *   and still follows `Toolbelt.configure()`. The scheme comes from CSDS's `baseUrlOf`
 *   (anchor defect 12).
 * - Every name is one encoded path segment; `.`/`..` are refused (anchor defect 9).
 * - Each attempt has a real deadline (default 10 000 ms) that aborts the request in flight
 *   (anchor defect 23). Network failures — their code found on the error or anywhere in
 *   its `cause` chain (anchor defect 29) — are retried, 3 attempts in all, after 2 s and 4 s.
 *   HTTP answers are never retried.
 * - HTTP statuses map to the official SDK's codes, with the store's own message added
 *   (anchor defect 53); the API key never appears in an error.
 */
import { randomUUID } from "node:crypto";
import { createCsdsClient, type CsdsClient } from "../csds/csds-client";
import { getRequestCore, type CoreResponse, type RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { isToolbeltError } from "../errors/toolbelt-error";
import {
  checkConfig,
  customNamespaceSegment,
  namespaceSegment,
  propertiesBody,
  propertyNameList,
  propertySegment,
  sessionSegment,
  ttlSecondOf,
} from "./arguments";
import { isNetworkCode, SDKError } from "./sdk-error";
import type { Entity, IFaaSContextServiceClient, IFaaSContextServiceClientConfig, Namespace } from "./types";

/** The CSDS service that names the store's host. */
export const CONTEXT_CSDS_SERVICE = "mavenContext";
/** Per-attempt deadline (the official SDK's `TEN_SECONDS`). */
export const DEFAULT_DEADLINE_MS = 10_000;
/** Pauses before the 2nd and 3rd attempt after a network failure (`(attempt + 1) * 2000`). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = Object.freeze([2_000, 4_000]);

const MAX_DETAIL = 300;

/** Internal knobs (tests); the public factory uses the defaults. */
export interface ContextServiceClientDeps {
  /** Default: a CSDS client on the shared cache. */
  csds?: CsdsClient;
  /** Default: the process-wide request core. */
  core?: () => RequestCore;
  /** Per-attempt deadline in ms (default 10 000). */
  deadlineMs?: number;
  /** Pauses before each retry after a network failure; its length + 1 is the number of attempts (default [2000, 4000]). */
  retryDelaysMs?: readonly number[];
  /** Default: `crypto.randomUUID`. */
  requestId?: () => string;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

interface Call {
  method: Method;
  /** Below the account base: "" or "/…", segments already encoded. */
  path: string;
  query?: string;
  body?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The first string `code` on the error or down its `cause` chain, preferring one the client retries on. */
function networkCodeOf(error: unknown): string | undefined {
  let first: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (isNetworkCode(code)) return code;
    if (typeof code === "string" && first === undefined) first = code;
    current = (current as { cause?: unknown }).cause;
  }
  return first;
}

export function createContextServiceClient(config: IFaaSContextServiceClientConfig, deps: ContextServiceClientDeps = {}): IFaaSContextServiceClient {
  const { accountId, apiKey } = checkConfig(config);
  const csds = deps.csds ?? createCsdsClient();
  const core = deps.core ?? getRequestCore;
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const retryDelaysMs = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const requestId = deps.requestId ?? randomUUID;
  const accountPath = `/v1/account/${encodeURIComponent(accountId)}`;

  /** Text safe to put in an error: single line, bounded, the API key masked. */
  function safe(text: string): string {
    let out = text.split(apiKey).join("[REDACTED]").replace(/\s+/g, " ").trim();
    if (out.length > MAX_DETAIL) out = `${out.slice(0, MAX_DETAIL)}…`;
    return out;
  }

  /** The store's explanation: its JSON `message`, else the body text. */
  function detailOf(response: CoreResponse): string {
    const text = response.body.toString("utf8");
    try {
      const parsed = JSON.parse(text) as unknown;
      const message = (parsed as { message?: unknown } | null)?.message;
      if (typeof message === "string" && message.trim() !== "") return safe(message);
    } catch {
      // Not JSON: the text itself.
    }
    return safe(text);
  }

  function statusError(response: CoreResponse): SDKError {
    const status = response.statusCode;
    const detail = detailOf(response);
    const withDetail = (fixed: string): string => (detail && detail !== fixed ? `${fixed}: ${detail}` : fixed);
    const options = { statusCode: status };
    const codes = ErrorCodes.ContextService;
    if (status === 403) return new SDKError(codes.Authorization.Invalid, withDetail("Provided API Key is either invalid or lacks permission"), options);
    if (status === 404) return new SDKError(codes.Data.NotFound, withDetail("Requested Resource does not exist"), options);
    if (status === 500 || status === 503) {
      return new SDKError(codes.General.Issue, withDetail("Internal Server Error occurred during processing request"), options);
    }
    const what = detail || `HTTP ${status}${response.statusMessage ? ` ${safe(response.statusMessage)}` : ""}`;
    return new SDKError(codes.General.Unknown, `Unknown Error ${what} occurred`, options);
  }

  function unreadable(response: CoreResponse, expected: string): SDKError {
    const excerpt = safe(response.body.toString("utf8")) || "an empty body";
    return new SDKError(
      ErrorCodes.ContextService.General.Unknown,
      `Unknown Error the store answered ${response.statusCode} with ${excerpt === "an empty body" ? excerpt : JSON.stringify(excerpt)} instead of ${expected} occurred`,
      { statusCode: response.statusCode },
    );
  }

  function failure(error: unknown): SDKError {
    const message = safe(error instanceof Error ? error.message : String(error));
    const code = networkCodeOf(error);
    if (isNetworkCode(code)) return new SDKError(code, message, { cause: error });
    return new SDKError(ErrorCodes.ContextService.General.Unknown, `Unknown Error ${message}${code && !message.includes(code) ? ` (${code})` : ""} occurred`, { cause: error });
  }

  /** One attempt, aborted at the deadline. */
  async function attempt(url: URL, call: Call, headers: Record<string, string>): Promise<CoreResponse> {
    const controller = new AbortController();
    const deadline = new SDKError(ErrorCodes.ContextService.General.Timeout, `Request exceeded Deadline of ${deadlineMs}ms`);
    const timer = setTimeout(() => controller.abort(deadline), deadlineMs);
    try {
      return await core().send({ url, method: call.method, headers, body: call.body ?? null, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason === deadline) throw deadline;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `call` (retrying network failures) and resolves with the store's answer, whatever its status. */
  async function send(call: Call): Promise<CoreResponse> {
    // CSDS and egress-policy errors are ToolbeltErrors and pass through unchanged.
    const base = await csds.getBaseUrl(CONTEXT_CSDS_SERVICE);
    const url = new URL(`${base}${accountPath}${call.path}${call.query ?? ""}`);
    const headers: Record<string, string> = {
      "maven-api-key": apiKey,
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-Request-ID": requestId(),
    };
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        return await attempt(url, call, headers);
      } catch (error) {
        if (error instanceof SDKError || isToolbeltError(error)) throw error;
        const delay = retryDelaysMs[attemptNo - 1];
        if (delay !== undefined && isNetworkCode(networkCodeOf(error))) {
          await sleep(delay);
          continue;
        }
        throw failure(error);
      }
    }
  }

  /** Sends `call`; any 2xx resolves, anything else rejects with its mapped SDKError. */
  async function expectOk(call: Call): Promise<CoreResponse> {
    const response = await send(call);
    if (response.statusCode < 200 || response.statusCode > 299) throw statusError(response);
    return response;
  }

  /** A DELETE: "already gone" (404) counts as done. */
  async function remove(path: string): Promise<void> {
    const response = await send({ method: "DELETE", path });
    if (response.statusCode === 404) return;
    if (response.statusCode < 200 || response.statusCode > 299) throw statusError(response);
  }

  function json(response: CoreResponse, expected: string): unknown {
    try {
      return JSON.parse(response.body.toString("utf8")) as unknown;
    } catch {
      throw unreadable(response, expected);
    }
  }

  function entityOf(response: CoreResponse): Entity {
    const parsed = json(response, "a JSON object of properties");
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw unreadable(response, "a JSON object of properties");
    return parsed as Entity;
  }

  async function listNamespaces(): Promise<Namespace[]> {
    const response = await expectOk({ method: "GET", path: "" });
    const parsed = json(response, "a JSON list of namespaces");
    if (!Array.isArray(parsed)) throw unreadable(response, "a JSON list of namespaces");
    return parsed
      .filter((entry): entry is { name: string; createdAt?: unknown; ttlSecond?: unknown } => typeof (entry as { name?: unknown } | null)?.name === "string")
      .map(({ name, createdAt, ttlSecond }) => ({
        name,
        createdAt: new Date(typeof createdAt === "string" || typeof createdAt === "number" ? createdAt : Number.NaN),
        ...(typeof ttlSecond === "number" && ttlSecond > 0 && { ttlSecond }),
      }));
  }

  function propertiesPath(namespace: unknown, sessionId: unknown): string {
    return `/${namespaceSegment(namespace)}/${sessionSegment(sessionId)}/properties`;
  }

  async function mergeProperties(namespace: string, properties: Entity, sessionId: string | undefined): Promise<Entity> {
    const path = propertiesPath(namespace, sessionId);
    const body = propertiesBody(properties);
    await expectOk({ method: "PATCH", path, body });
    return entityOf(await expectOk({ method: "GET", path }));
  }

  return {
    async createNamespace(namespace, options) {
      customNamespaceSegment(namespace, "create");
      const ttl = ttlSecondOf(options);
      await expectOk({ method: "POST", path: "", query: ttl === undefined ? "" : `?ttlSecond=${ttl}`, body: JSON.stringify({ name: namespace }) });
      const created = (await listNamespaces()).find((entry) => entry.name === namespace);
      if (!created) {
        throw new SDKError(
          ErrorCodes.ContextService.Data.NotFound,
          `Requested Resource does not exist: the store accepted namespace ${JSON.stringify(namespace)} but does not list it`,
        );
      }
      return created;
    },

    async deleteNamespace(namespace) {
      await remove(`/${customNamespaceSegment(namespace, "delete")}`);
    },

    getListOfNamespaces: listNamespaces,

    setPropertiesInNamespace: mergeProperties,

    updatePropertiesInNamespace: mergeProperties,

    async getAllPropertiesInSession(namespace, sessionId) {
      return entityOf(await expectOk({ method: "GET", path: propertiesPath(namespace, sessionId) }));
    },

    async getSelectedPropertiesInSession(namespace, propertyNames, sessionId) {
      const path = propertiesPath(namespace, sessionId);
      const names = propertyNameList(propertyNames);
      if (names.length === 0) return {};
      const response = await send({ method: "GET", path });
      // The official client skipped properties answering 404; an unknown namespace reads as "none of them".
      if (response.statusCode === 404) return {};
      if (response.statusCode < 200 || response.statusCode > 299) throw statusError(response);
      const all = entityOf(response);
      // fromEntries defines own properties, so even a "__proto__" name stays data.
      return Object.fromEntries(names.filter((name) => Object.prototype.hasOwnProperty.call(all, name)).map((name) => [name, all[name]]));
    },

    async getPropertyInSession(namespace, propertyName, sessionId) {
      const path = `${propertiesPath(namespace, sessionId)}/${propertySegment(propertyName)}`;
      const text = (await expectOk({ method: "GET", path })).body.toString("utf8");
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    },

    async deletePropertyInSession(namespace, propertyName, sessionId) {
      await remove(`${propertiesPath(namespace, sessionId)}/${propertySegment(propertyName)}`);
    },

    async deleteSession(namespace, sessionId) {
      // The trailing slash is the store's documented route for a whole session.
      await remove(`${propertiesPath(namespace, sessionId)}/`);
    },

    async getListOfSessions(namespace) {
      const response = await expectOk({ method: "GET", path: `/${namespaceSegment(namespace)}/session-ids` });
      const parsed = json(response, "a JSON list of session ids");
      if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string")) throw unreadable(response, "a JSON list of session ids");
      return parsed as string[];
    },
  };
}
