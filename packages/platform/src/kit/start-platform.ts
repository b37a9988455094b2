/**
 * The testing kit's `startPlatform()`: the platform engine (`../platform.ts`)
 * on a free port, with its state in a temporary folder, and typed helpers
 * that call the platform's documented HTTP API with the admin token — so a
 * test exercises what users exercise. `close()` stops it and removes the
 * temporary folders.
 */
import { PlatformApi, type PlatformErrorBody } from "lp-faas-toolbelt/platform";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { PORT_ENV } from "../defaults";
import { badInput } from "../errors";
import { startPlatform as startEngine } from "../platform";
import { createAdminClient, type AdminClient } from "./admin-client";
import type {
  AllowlistApi,
  ContextApi,
  ContextKey,
  ConversationsApi,
  ConversationSummary,
  InvocationRecord,
  InvocationResult,
  InvokeOptions,
  LocalPlatform,
  Secret,
  SecretsApi,
  StartPlatformOptions,
} from "./types";

/** A copy of the project without its state; a top-level node_modules/ is linked, not copied (functions resolve their dependencies through it). */
function copyOfProject(projectDir: string): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), "lp-faas-kit-project-"));
  const dir = join(root, basename(projectDir));
  const skipped = new Set([join(projectDir, ".lp-faas"), join(projectDir, "node_modules")]);
  cpSync(projectDir, dir, { recursive: true, filter: (source) => !skipped.has(resolve(source)) });
  if (existsSync(join(projectDir, "node_modules"))) symlinkSync(join(projectDir, "node_modules"), join(dir, "node_modules"), "junction");
  return { root, dir };
}

/** The invoke route's body: `{ payload, headers }`, and `event` when one is given. */
export function invokeBody(payload: unknown, options: InvokeOptions): { payload: unknown; headers: InvokeOptions["headers"]; event?: string } {
  return { payload, headers: options.headers ?? [], ...(options.event !== undefined && { event: options.event }) };
}

function secretsApi(client: AdminClient): SecretsApi {
  return {
    async get(key) {
      const answer = await client.request<Secret | PlatformErrorBody>("GET", PlatformApi.secret(key), { accept: [404] });
      return answer.status === 404 ? undefined : (answer.body as Secret);
    },
    async set(key, value) {
      return (await client.request<Secret>("POST", PlatformApi.secrets, { body: { key, value } })).body;
    },
    async delete(key) {
      await client.request("DELETE", PlatformApi.secret(key));
    },
    async list() {
      return (await client.request<Array<{ key: string }>>("GET", PlatformApi.secrets)).body.map((secret) => secret.key);
    },
  };
}

function allowlistApi(client: AdminClient): AllowlistApi {
  return {
    async list() {
      return (await client.request<{ entries: string[] }>("GET", PlatformApi.allowlist)).body.entries;
    },
    async add(entry) {
      return (await client.request("POST", PlatformApi.allowlist, { body: { entry } })).status === 201;
    },
    async remove(entry) {
      await client.request("DELETE", PlatformApi.allowlistEntry(entry));
    },
  };
}

function contextApi(client: AdminClient, accountId: string): ContextApi {
  const createKey = async (forAccount?: string): Promise<ContextKey> =>
    (await client.request<ContextKey>("POST", PlatformApi.contextKeys, { body: forAccount === undefined ? {} : { accountId: forAccount } })).body;
  return {
    createKey,
    async clientConfig() {
      const key = await createKey(accountId);
      return { accountId: key.accountId, apiKey: key.apiKey };
    },
  };
}

function conversationsApi(client: AdminClient): ConversationsApi {
  return {
    async import(records) {
      return (await client.request<{ imported: ConversationSummary[] }>("POST", PlatformApi.conversations, { body: records })).body.imported;
    },
    async list() {
      return (await client.request<ConversationSummary[]>("GET", PlatformApi.conversations)).body;
    },
    async get(conversationId) {
      const answer = await client.request<Record<string, unknown>>("GET", PlatformApi.conversation(conversationId), { accept: [404] });
      return answer.status === 404 ? undefined : answer.body;
    },
  };
}

/** Every page of `/_platform/invocations`, newest first. */
async function allInvocations(client: AdminClient, functionName: string | undefined): Promise<InvocationRecord[]> {
  const records: InvocationRecord[] = [];
  let before: string | null = null;
  do {
    const query = new URLSearchParams({ limit: "1000" });
    if (functionName !== undefined) query.set("function", functionName);
    if (before !== null) query.set("before", before);
    const answer = await client.request<InvocationRecord[]>("GET", `${PlatformApi.invocations}?${query.toString()}`);
    records.push(...answer.body);
    before = answer.headers.get("x-next-cursor");
  } while (before !== null);
  return records;
}

function checkOptions(options: StartPlatformOptions): void {
  if (options === null || typeof options !== "object") throw badInput("startPlatform(options): options must be an object { projectDir, ... }");
  if (typeof options.projectDir !== "string" || options.projectDir === "") throw badInput("startPlatform(options): projectDir must be the project's folder");
  if (!existsSync(join(options.projectDir, "functions")))
    throw badInput(`startPlatform(options): ${resolve(options.projectDir)} is not an lpf project (it has no functions/ folder)`);
}

/** Starts a platform for a project, on a free port with temporary state by default (see StartPlatformOptions). */
export async function startPlatform(options: StartPlatformOptions): Promise<LocalPlatform> {
  checkOptions(options);
  const made: string[] = [];
  const removeMade = (): void => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  try {
    let projectDir = resolve(options.projectDir);
    if (options.copyProject === true) {
      const copy = copyOfProject(projectDir);
      made.push(copy.root);
      projectDir = copy.dir;
    }
    let stateDir: string;
    if (options.stateDir === undefined) {
      stateDir = mkdtempSync(join(tmpdir(), "lp-faas-kit-state-"));
      made.push(stateDir);
    } else {
      stateDir = resolve(options.stateDir);
    }
    const engine = await startEngine({
      projectDir,
      stateDir,
      port: options.port ?? 0,
      timeoutMs: options.timeoutMs,
      memoryMb: options.memoryMb,
      rateLimitPerSecond: options.rateLimitPerSecond,
      accountId: options.accountId,
      spareInstances: options.spareInstances,
      maxInstances: options.maxInstances,
      v2Allowlist: options.v2Allowlist,
      log: options.log,
    });
    const client = createAdminClient(engine.url, engine.adminToken);
    let closing: Promise<void> | undefined;
    return {
      url: engine.url,
      port: engine.port,
      accountId: engine.accountId,
      projectDir,
      stateDir,
      adminToken: engine.adminToken,
      env: Object.freeze({
        [PORT_ENV]: String(engine.port),
        LP_FAAS_PLATFORM_URL: engine.url,
        CSDS_DOMAIN: engine.url,
        BRAND_ID: engine.accountId,
        // What a V2 function gets (the V2 toolbelt, lp-faas-toolbelt/v2, reads these).
        X_LIVEPERSON_BRAND_ID: engine.accountId,
        X_LIVEPERSON_CSDS_DOMAIN: engine.url,
      }),
      async invoke<T>(name: string, payload: unknown = {}, invokeOptions: InvokeOptions = {}): Promise<InvocationResult<T>> {
        return (await client.request<InvocationResult<T>>("POST", PlatformApi.invoke(name), { body: invokeBody(payload, invokeOptions) })).body;
      },
      secrets: secretsApi(client),
      allowlist: allowlistApi(client),
      context: contextApi(client, engine.accountId),
      conversations: conversationsApi(client),
      logs: (functionName) => allInvocations(client, functionName),
      close() {
        closing ??= engine.close().finally(removeMade);
        return closing;
      },
    };
  } catch (error) {
    removeMade();
    throw error;
  }
}
