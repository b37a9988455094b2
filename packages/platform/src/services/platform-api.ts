/**
 * The platform's own API under `/_platform/`: health, secrets, allowlist,
 * functions, invocation, the invocation log, and the Context Session Store's
 * API keys. It is what the toolbelt's SecretClient and egress policy read when
 * `LP_FAAS_PLATFORM_URL` is set.
 */
import { ErrorCodes, MAX_SECRET_VALUE_LENGTH, SECRET_NAME_PATTERN, SYSTEM_SECRET_NAMES, SYSTEM_SECRET_PREFIX } from "lp-faas-toolbelt";
import { PlatformError, PlatformErrorCodes, badInput } from "../errors";
import type { FunctionCatalog, SettingsStore } from "../project/types";
import { expectObject, readJson, sendJson } from "../server/http-kit";
import type { Router } from "../server/router";
import type { ContextApiKey, ContextStore } from "../state/context-types";
import { normaliseInput, runInvocation, type InvokeDeps } from "./invoke";

export interface PlatformApiDeps extends InvokeDeps {
  catalog: FunctionCatalog;
  settings: SettingsStore;
  startedAt: number;
  /** The Context Session Store whose API keys `/_platform/context/keys` manages. */
  contextStore: ContextStore;
  /** The platform's account: the default for a new context API key. */
  accountId: string;
}

const keyView = ({ keyId, accountId, createdAt }: ContextApiKey) => ({ keyId, accountId, createdAt: new Date(createdAt).toISOString() });

function secretError(status: number, code: string, message: string): PlatformError {
  return new PlatformError(status, code, message);
}

function checkSecretValue(key: string, value: unknown): void {
  if (key.startsWith(SYSTEM_SECRET_PREFIX) || SYSTEM_SECRET_NAMES.includes(key)) {
    throw secretError(403, ErrorCodes.Secret.SystemSecret, "You are not allowed to update secrets added by the system");
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (value === undefined || text === undefined) throw secretError(400, ErrorCodes.Secret.Invalid, `The value of secret ${key} must be JSON`);
  if (text.length > MAX_SECRET_VALUE_LENGTH) {
    throw secretError(400, ErrorCodes.Secret.Invalid, `The value of secret ${key} is ${text.length} characters long; the limit is ${MAX_SECRET_VALUE_LENGTH}`);
  }
}

function functionNamed(catalog: FunctionCatalog, name: string) {
  const fn = catalog.byName(name);
  if (!fn) throw new PlatformError(404, PlatformErrorCodes.MissingLambda, `There is no function "${name}" in this project (see lp-faas functions list)`);
  return fn;
}

export function registerPlatformApiRoutes(router: Router, deps: PlatformApiDeps): void {
  const { catalog, settings } = deps;

  router.on("GET", "/_platform/health", ({ res }) => {
    sendJson(res, 200, { status: "ok", functions: catalog.list().length, uptimeMs: Date.now() - deps.startedAt });
  });

  // A bare echo on the same server: the baseline the invoke benchmark compares against.
  router.on("POST", "/_platform/echo", async ({ req, res }) => {
    sendJson(res, 200, await readJson(req));
  });

  router.on("GET", "/_platform/secrets", ({ res }) => {
    sendJson(res, 200, settings.read().secrets.map(({ key }) => ({ key })));
  });

  router.on("GET", "/_platform/secrets/:key", ({ res, params }) => {
    const secret = settings.getSecret(params.key!);
    if (!secret) throw secretError(404, ErrorCodes.Secret.NotFound, `There is no secret ${params.key} for this account`);
    sendJson(res, 200, secret);
  });

  // The toolbelt's updateSecret: replaces an existing secret only.
  router.on("PUT", "/_platform/secrets/:key", async ({ req, res, params }) => {
    const key = params.key!;
    const body = expectObject(await readJson(req), "The secret update");
    if (!("value" in body)) throw badInput('The secret update must be { "value": ... }');
    checkSecretValue(key, body.value);
    if (!settings.updateSecret(key, body.value)) {
      throw secretError(404, ErrorCodes.Secret.Failure, `Updating secret ${key} failed: there is no such secret`);
    }
    sendJson(res, 200, { key, value: body.value });
  });

  // Creating secrets is an administrator's job (the UI on the real platform; the CLI or this endpoint here).
  router.on("POST", "/_platform/secrets", async ({ req, res }) => {
    const body = expectObject(await readJson(req), "The new secret");
    const { key, value } = body as { key?: unknown; value?: unknown };
    if (typeof key !== "string" || !SECRET_NAME_PATTERN.test(key)) throw badInput('"key" must be 1-100 letters, digits, "_" or "-"');
    checkSecretValue(key, value);
    settings.setSecret(key, value);
    sendJson(res, 201, { key, value });
  });

  router.on("DELETE", "/_platform/secrets/:key", ({ res, params }) => {
    if (!settings.deleteSecret(params.key!)) throw secretError(404, ErrorCodes.Secret.NotFound, `There is no secret ${params.key} for this account`);
    res.writeHead(204).end();
  });

  router.on("GET", "/_platform/allowlist", ({ res }) => {
    sendJson(res, 200, { entries: settings.listAllowlist() });
  });

  router.on("POST", "/_platform/allowlist", async ({ req, res }) => {
    const { entry } = expectObject(await readJson(req), "The allowlist entry") as { entry?: unknown };
    if (typeof entry !== "string") throw badInput('The body must be { "entry": "api.example.com" }');
    const added = settings.addAllowlist(entry);
    sendJson(res, added ? 201 : 200, { entries: settings.listAllowlist() });
  });

  router.on("DELETE", "/_platform/allowlist/:entry", ({ res, params }) => {
    if (!settings.removeAllowlist(params.entry!)) throw new PlatformError(404, PlatformErrorCodes.NotFound, `"${params.entry}" is not on the allowlist`);
    res.writeHead(204).end();
  });

  router.on("GET", "/_platform/functions", ({ res }) => {
    sendJson(res, 200, catalog.list().map(({ name, uuid }) => ({ name, uuid })));
  });

  router.on("POST", "/_platform/functions/:name/invoke", async ({ req, res, params }) => {
    const fn = functionNamed(catalog, params.name!);
    const input = normaliseInput(await readJson(req));
    const { id, outcome } = await runInvocation(deps, fn, input, "platform");
    sendJson(res, 200, {
      invocationId: id,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
      logs: outcome.logs,
      durationMs: outcome.durationMs,
    });
  });

  router.on("GET", "/_platform/invocations", ({ res, url }) => {
    const limit = url.searchParams.get("limit");
    if (limit !== null && !/^\d+$/.test(limit)) throw badInput('"limit" must be a whole number');
    sendJson(
      res,
      200,
      deps.invocations.list({
        functionName: url.searchParams.get("function") ?? undefined,
        // ?parent=<id>: the invocations a function started through the gateway (X-LP-FaaS-Parent-Invocation-Id).
        parentId: url.searchParams.get("parent") ?? undefined,
        limit: limit === null ? undefined : Number(limit),
      }),
    );
  });

  // Context Session Store API keys (the key itself is only in the 201 answer; the store keeps its hash).
  router.on("GET", "/_platform/context/keys", ({ res, url }) => {
    sendJson(res, 200, deps.contextStore.listApiKeys(url.searchParams.get("accountId") ?? undefined).map(keyView));
  });

  router.on("POST", "/_platform/context/keys", async ({ req, res }) => {
    const body = await readJson(req);
    const { accountId = deps.accountId } = body === undefined ? {} : (expectObject(body, "The new key ({ accountId? })") as { accountId?: unknown });
    if (typeof accountId !== "string") throw badInput('"accountId" must be a string');
    const { apiKey, ...key } = deps.contextStore.createApiKey(accountId);
    sendJson(res, 201, { ...keyView(key), apiKey });
  });

  router.on("DELETE", "/_platform/context/keys/:keyId", ({ res, params }) => {
    if (!deps.contextStore.revokeApiKey(params.keyId!)) throw new PlatformError(404, PlatformErrorCodes.NotFound, `There is no context API key with id ${params.keyId}`);
    res.writeHead(204).end();
  });

  router.on("GET", "/_platform/invocations/:id", ({ res, params }) => {
    const record = deps.invocations.get(params.id!);
    if (!record) throw new PlatformError(404, PlatformErrorCodes.NotFound, `There is no invocation ${params.id}`);
    sendJson(res, 200, record);
  });
}
