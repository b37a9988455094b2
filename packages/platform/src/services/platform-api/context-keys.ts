/**
 * `/_platform/context/keys`: Context Session Store API keys. The key itself is
 * in the 201 answer only; the store keeps its hash. Admin routes only.
 */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { badInput, notFound } from "../../errors";
import { expectObject, readJson } from "../../http/body";
import { sendJson, sendNoContent } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import type { ContextApiKey } from "../../state/context-types";
import type { ServiceDeps } from "../deps";

const keyView = ({ keyId, accountId, createdAt }: ContextApiKey) => ({ keyId, accountId, createdAt: new Date(createdAt).toISOString() });

export function addContextKeyRoutes(router: Router, deps: Pick<ServiceDeps, "contextStore" | "accountId">): void {
  const store = deps.contextStore;

  router.on(
    "GET",
    PlatformRoutes.contextKeys,
    ({ res, url }) => {
      sendJson(res, 200, store.listApiKeys(url.searchParams.get("accountId") ?? undefined).map(keyView));
    },
    ADMIN_ONLY,
  );

  router.on(
    "POST",
    PlatformRoutes.contextKeys,
    async ({ req, res }) => {
      const body = await readJson(req);
      const { accountId = deps.accountId } = body === undefined ? {} : expectObject(body, "The new key ({ accountId? })");
      if (typeof accountId !== "string") throw badInput('"accountId" must be a string');
      const { apiKey, ...key } = store.createApiKey(accountId);
      sendJson(res, 201, { ...keyView(key), apiKey });
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    PlatformRoutes.contextKey,
    ({ res, params }) => {
      if (!store.revokeApiKey(params.keyId!)) throw notFound(`There is no context API key with id ${params.keyId}`);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );
}
