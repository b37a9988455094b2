/**
 * `Toolbelt.ContextServiceClient({ accountId, apiKey })`: the Context Session Store v1
 * REST API on the toolbelt's request core.
 *
 * This file wires the parts, method by method: store-request.ts builds each request
 * (every name one encoded path segment, `.`/`..` refused; the official one encoded none),
 * store-transport.ts sends it (CSDS base URL, per-attempt deadline, retries as
 * retry-policy.ts decides), store-answers.ts and store-errors.ts turn the answer into
 * the result or an SDKError with the official SDK's code (the API key never in it).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { createCsdsClient, type CsdsClient } from "../csds/csds-client";
import { getRequestCore, type CoreResponse, type RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { checkConfig, propertyNameList } from "./arguments";
import { DEFAULT_RETRY_DELAYS_MS } from "./retry-policy";
import { SDKError } from "./sdk-error";
import { isSuccess, pickProperties, readEntity, readNamespaces, readPropertyValue, readSessionIds } from "./store-answers";
import { createStoreErrors } from "./store-errors";
import { storeCalls, type StoreCall } from "./store-request";
import { createStoreTransport, DEFAULT_DEADLINE_MS } from "./store-transport";
import type { Entity, IFaaSContextServiceClient, IFaaSContextServiceClientConfig, Namespace } from "./types";

/** Internal knobs (tests); the public factory uses the defaults. */
export interface ContextServiceClientDeps {
  /** Default: a CSDS client on the shared cache. */
  csds?: Pick<CsdsClient, "getBaseUrl">;
  /** Default: the process-wide request core. */
  core?: () => Pick<RequestCore, "send">;
  /** Per-attempt deadline in ms (default 10 000). */
  deadlineMs?: number;
  /** Pauses before each retry after a network failure; its length + 1 is the number of attempts (default [2000, 4000]). */
  retryDelaysMs?: readonly number[];
  /** Default: `crypto.randomUUID`. */
  requestId?: () => string;
  /** Waits out a pause between attempts (default: `node:timers/promises` setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

export function createContextServiceClient(config: IFaaSContextServiceClientConfig, deps: ContextServiceClientDeps = {}): IFaaSContextServiceClient {
  const { accountId, apiKey } = checkConfig(config);
  const errors = createStoreErrors(apiKey);
  const transport = createStoreTransport({
    accountId,
    apiKey,
    errors,
    csds: deps.csds ?? createCsdsClient(),
    core: deps.core ?? getRequestCore,
    deadlineMs: deps.deadlineMs ?? DEFAULT_DEADLINE_MS,
    retryDelaysMs: deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    requestId: deps.requestId ?? randomUUID,
    sleep: deps.sleep ?? ((ms) => delay(ms)),
  });

  /** Sends `call`; any 2xx resolves, anything else rejects with its mapped SDKError. */
  async function expectOk(call: StoreCall): Promise<CoreResponse> {
    const response = await transport.send(call);
    if (!isSuccess(response)) throw errors.statusError(response);
    return response;
  }

  /** A DELETE: "already gone" (404) counts as done. */
  async function remove(call: StoreCall): Promise<void> {
    const response = await transport.send(call);
    if (response.statusCode === 404) return;
    if (!isSuccess(response)) throw errors.statusError(response);
  }

  async function listNamespaces(): Promise<Namespace[]> {
    return readNamespaces(await expectOk(storeCalls.listNamespaces()), errors);
  }

  async function mergeProperties(namespace: string, properties: Entity, sessionId: string | undefined): Promise<Entity> {
    await expectOk(storeCalls.mergeProperties(namespace, properties, sessionId));
    return readEntity(await expectOk(storeCalls.getProperties(namespace, sessionId)), errors);
  }

  return {
    async createNamespace(namespace, options) {
      await expectOk(storeCalls.createNamespace(namespace, options));
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
      await remove(storeCalls.deleteNamespace(namespace));
    },

    getListOfNamespaces: listNamespaces,

    setPropertiesInNamespace: mergeProperties,

    updatePropertiesInNamespace: mergeProperties,

    async getAllPropertiesInSession(namespace, sessionId) {
      return readEntity(await expectOk(storeCalls.getProperties(namespace, sessionId)), errors);
    },

    async getSelectedPropertiesInSession(namespace, propertyNames, sessionId) {
      const call = storeCalls.getProperties(namespace, sessionId);
      const names = propertyNameList(propertyNames);
      if (names.length === 0) return {};
      const response = await transport.send(call);
      // The official client skipped properties answering 404; an unknown namespace reads as "none of them".
      if (response.statusCode === 404) return {};
      if (!isSuccess(response)) throw errors.statusError(response);
      return pickProperties(readEntity(response, errors), names);
    },

    async getPropertyInSession(namespace, propertyName, sessionId) {
      return readPropertyValue(await expectOk(storeCalls.getProperty(namespace, propertyName, sessionId)));
    },

    async deletePropertyInSession(namespace, propertyName, sessionId) {
      await remove(storeCalls.deleteProperty(namespace, propertyName, sessionId));
    },

    async deleteSession(namespace, sessionId) {
      await remove(storeCalls.deleteSession(namespace, sessionId));
    },

    async getListOfSessions(namespace) {
      return readSessionIds(await expectOk(storeCalls.listSessions(namespace)), errors);
    },
  };
}
