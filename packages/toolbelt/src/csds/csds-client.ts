/**
 * CSDS (the Domain API): which host serves a LivePerson service for the account.
 * `GET {csdsBaseUrl}/api/account/{brandId}/service/baseURI.json?version=1.0`
 * through the request core (egress policy, rate limit, proxy, timeouts).
 *
 * One process-wide cache per account (10 minutes), exactly one lookup in flight
 * per account however many callers wait (no stampede on expiry), dropped when the
 * configuration changes. Services are matched with `===` on the record's own
 * `service` string, so `constructor` or `toString` never "exist" (V2 matched with `in`).
 */
import { setTimeout as delay } from "node:timers/promises";
import { getConfig, onConfigChange } from "../config/resolve-config";
import { getRequestCore, type CoreResponse, type RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { isToolbeltError, ToolbeltError } from "../errors/toolbelt-error";
import { requireBrandId } from "./account";

/** How long a CSDS answer is used (10 minutes, as both official toolbelts). */
export const CSDS_TTL_MS = 600_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAY_MS = 200;
const BODY_EXCERPT = 200;

/** One record of the Domain API's answer. */
export interface CsdsRecord {
  service: string;
  account?: string;
  baseURI: string;
}

export interface CsdsClient {
  /**
   * The `baseURI` CSDS lists for `service` (a host such as `va.msghist.liveperson.net`,
   * or a full `http(s)://` URL when a local platform answers).
   * @throws ToolbeltError `com.liveperson.faas.csds.domain.not-found`, `com.liveperson.faas.csds.op-failed`.
   */
  get(service: string): Promise<string>;
  /** Every service as single-key `{ [service]: baseURI }` objects (V2's `getAll()`). */
  getAll(): Promise<Record<string, string>[]>;
  /**
   * The base URL to send `service` requests to: the `baseURI` as given when it
   * carries an `http(s)://` scheme, else `https://` + baseURI; no trailing slash.
   */
  getBaseUrl(service: string): Promise<string>;
}

interface Entry {
  fetchedAt: number;
  records: readonly CsdsRecord[];
}

export interface CsdsCacheOptions {
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
  /** Entry lifetime in ms (default 10 minutes). */
  ttlMs?: number;
}

/** Answers per account (and Domain API), with the lookups in flight. */
export class CsdsCache {
  readonly now: () => number;
  readonly ttlMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<readonly CsdsRecord[]>>();
  private generation = 0;

  constructor(options: CsdsCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? CSDS_TTL_MS;
  }

  /** Fresh records for `key`, else one shared `load()` for every concurrent caller. */
  records(key: string, load: () => Promise<readonly CsdsRecord[]>): Promise<readonly CsdsRecord[]> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.fetchedAt <= this.ttlMs) return Promise.resolve(entry.records);
    const running = this.inflight.get(key);
    if (running) return running;
    const generation = this.generation;
    const promise = load().then(
      (records) => {
        if (generation === this.generation) {
          this.inflight.delete(key);
          // An empty list is not kept (as V1): the next call asks again.
          if (records.length > 0) this.entries.set(key, { fetchedAt: this.now(), records });
          else this.entries.delete(key);
        }
        return records;
      },
      (error: unknown) => {
        if (generation === this.generation) this.inflight.delete(key);
        throw error;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }

  /** Forgets every answer; lookups still running are not stored. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.inflight.clear();
  }
}

const sharedCache = new CsdsCache();
onConfigChange(() => sharedCache.clear());

export interface CsdsClientOptions {
  /** Default: the process-wide cache every toolbelt client shares. */
  cache?: CsdsCache;
  /** Default: the process-wide request core. */
  core?: () => RequestCore;
  /** Connect and read timeout of the lookup in ms (default 10 s). */
  timeoutMs?: number;
  /** Pause before the one retry after a network error or a 5xx (default 200 ms). */
  retryDelayMs?: number;
  /** Which account and Domain API to ask, read per lookup (default: `BRAND_ID` and `CSDS_DOMAIN` from the configuration; the V2 entry passes its own). */
  target?: () => CsdsTarget;
}

/** The account and the Domain API base URL a lookup is for. */
export interface CsdsTarget {
  brandId: string;
  csdsBaseUrl: string;
}

function failure(message: string, cause?: unknown): ToolbeltError {
  return new ToolbeltError("CSDS-Client", ErrorCodes.Csds.Failure, message, cause === undefined ? undefined : { cause });
}

function excerpt(body: Buffer): string {
  const text = body.toString("utf8").replace(/\s+/g, " ").trim();
  return text.length > BODY_EXCERPT ? `${text.slice(0, BODY_EXCERPT)}…` : text;
}

function parseRecords(response: CoreResponse): CsdsRecord[] {
  const what = `the Domain API answered status ${response.statusCode}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString("utf8"));
  } catch {
    throw failure(`CSDS lookup failed: ${what} with a body that is not JSON: ${JSON.stringify(excerpt(response.body))}`);
  }
  const list = (parsed as { baseURIs?: unknown } | null)?.baseURIs;
  if (!parsed || typeof parsed !== "object" || !Array.isArray(list)) {
    throw failure(`CSDS lookup failed: ${what} without a "baseURIs" array: ${JSON.stringify(excerpt(response.body))}`);
  }
  // Records that are not { service: string, baseURI: string } cannot be used and are skipped.
  return list.filter(
    (r): r is CsdsRecord =>
      typeof r === "object" && r !== null && typeof (r as CsdsRecord).service === "string" && typeof (r as CsdsRecord).baseURI === "string",
  );
}

/** `baseURI` as a base URL: used as given with an `http(s)://` scheme, else `https://` + baseURI. */
export function baseUrlOf(service: string, baseURI: string): string {
  const trimmed = baseURI.trim();
  const unusable = (): ToolbeltError => failure(`CSDS lists an unusable baseURI for service "${service}": ${JSON.stringify(excerpt(Buffer.from(baseURI)))}`);
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  if (hasScheme && !/^https?:\/\//i.test(trimmed)) throw unusable();
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    throw unusable();
  }
  // A host (and port), optionally a path prefix; never credentials, a query or a fragment.
  if (!url.hostname || url.username || url.password || url.search || url.hash) throw unusable();
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export function createCsdsClient(options: CsdsClientOptions = {}): CsdsClient {
  const cache = options.cache ?? sharedCache;
  const core = options.core ?? getRequestCore;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;

  async function fetchOnce(url: URL): Promise<CoreResponse> {
    return core().send({
      url,
      method: "GET",
      headers: { accept: "application/json" },
      connectTimeoutMs: timeoutMs,
      readTimeoutMs: timeoutMs,
    });
  }

  async function load(brandId: string, csdsBaseUrl: string): Promise<readonly CsdsRecord[]> {
    const url = new URL(`${csdsBaseUrl}/api/account/${encodeURIComponent(brandId)}/service/baseURI.json?version=1.0`);
    let response: CoreResponse | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        response = await fetchOnce(url);
      } catch (error) {
        // A refusal by the egress policy will not change on retry.
        if (isToolbeltError(error)) throw failure(`CSDS lookup for account ${brandId} failed: ${error.message}`, error);
        if (attempt < 2) {
          await delay(retryDelayMs);
          continue;
        }
        const code = (error as { code?: unknown }).code;
        const reason = `${(error as Error)?.message ?? String(error)}${typeof code === "string" && !String((error as Error)?.message).includes(code) ? ` (${code})` : ""}`;
        throw failure(`CSDS lookup for account ${brandId} at ${url.origin} failed: ${reason}`, error);
      }
      if (response.statusCode >= 500 && attempt < 2) {
        await delay(retryDelayMs);
        continue;
      }
      break;
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw failure(`CSDS lookup for account ${brandId} failed: Status Code: ${response.statusCode}. Response body ${JSON.stringify(excerpt(response.body))}`);
    }
    return parseRecords(response);
  }

  function records(): Promise<readonly CsdsRecord[]> {
    // Synchronous checks become rejections: callers always get a promise.
    try {
      const { brandId, csdsBaseUrl } = options.target ? options.target() : { brandId: requireBrandId("CSDS-Client"), csdsBaseUrl: getConfig().csdsBaseUrl };
      return cache.records(`${csdsBaseUrl} ${brandId}`, () => load(brandId, csdsBaseUrl));
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what was thrown, unchanged
      return Promise.reject(error);
    }
  }

  async function get(service: string): Promise<string> {
    if (typeof service !== "string" || service === "") {
      throw new ToolbeltError("CSDS-Client", ErrorCodes.Csds.NotFound, `Service ${JSON.stringify(service)} could not be found.`);
    }
    const found = (await records()).find((record) => record.service === service);
    if (!found) throw new ToolbeltError("CSDS-Client", ErrorCodes.Csds.NotFound, `Service "${service}" could not be found.`);
    return found.baseURI;
  }

  return {
    get,
    async getAll() {
      return (await records()).map((record) => ({ [record.service]: record.baseURI }));
    },
    async getBaseUrl(service: string) {
      return baseUrlOf(service, await get(service));
    },
  };
}
