/**
 * The V2 entry's Domain API (CSDS) client: V1's client (one lookup in flight
 * per account, a 10 s timeout, one retry, `===` matching on each record's own
 * `service`, B15) pointed at the V2 environment — `X_LIVEPERSON_BRAND_ID` and
 * `X_LIVEPERSON_CSDS_DOMAIN`, read at each lookup, so a missing account fails
 * with a message and never becomes `/account/undefined/`. One process-wide
 * instance with its own cache (600 s, as core-functions-toolbelt).
 */
import { baseUrlOf, createCsdsClient, CsdsCache, type CsdsClient } from "../../csds/csds-client";
import { toV2Error } from "../errors/toolbelt-error";
import { brandId, csdsBaseUrl } from "../runtime/env";

export interface V2Csds {
  /**
   * The `baseURI` CSDS lists for `service` (a host, or an `http(s)://` URL from a local platform).
   * @throws ToolBeltError (component `CSDS-Client`) `com.liveperson.faas.csds.domain.not-found`, `com.liveperson.faas.csds.op-failed`.
   */
  get(service: string): Promise<string>;
  /** Every service as a single-key `{ [service]: baseURI }` object. */
  getAll(): Promise<Array<Record<string, string>>>;
  /** Ours: `get(service)` as a base URL to append a path to (`https://` added to a bare host; never `http://https://…`, B16). */
  baseUrl(service: string): Promise<string>;
}

export const V2_CSDS_TTL_MS = 600_000;

let shared: V2Csds | undefined;

export interface V2CsdsOptions {
  /** Timeout of a lookup in ms (default 10 s, V1's). */
  timeoutMs?: number;
}

/** A V2 CSDS client with its own cache (the entry uses the one `sharedCsds()`). */
export function createV2Csds(options: V2CsdsOptions = {}): V2Csds {
  const client: CsdsClient = createCsdsClient({
    cache: new CsdsCache({ ttlMs: V2_CSDS_TTL_MS }),
    timeoutMs: options.timeoutMs,
    target: () => ({ brandId: brandId("CSDS-Client"), csdsBaseUrl: csdsBaseUrl() }),
  });
  const v2 = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      throw toV2Error(error);
    });
  return {
    get: (service) => v2(client.get(service)),
    getAll: () => v2(client.getAll()),
    baseUrl: (service) => v2(client.get(service).then((baseURI) => baseUrlOf(service, baseURI))),
  };
}

/** The process-wide V2 CSDS client (core-functions-toolbelt's lazy static). */
export function sharedCsds(): V2Csds {
  shared ??= createV2Csds();
  return shared;
}
