/** Test helpers: a temp lpf project written file by file, and a started platform on a random port. */
import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPlatform, type PlatformOptions, type RunningPlatform } from "../src/platform";

export interface TempProject {
  dir: string;
  addFunction(name: string, source: string, config?: Record<string, unknown>): void;
  writeSettings(settings: unknown): void;
  remove(): void;
}

export function tempProject(): TempProject {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-project-"));
  mkdirSync(join(dir, "functions"));
  return {
    dir,
    addFunction(name, source, config = {}) {
      mkdirSync(join(dir, "functions", name), { recursive: true });
      writeFileSync(join(dir, "functions", name, "index.js"), source);
      writeFileSync(
        join(dir, "functions", name, "config.json"),
        JSON.stringify(
          { name, event: null, description: `${name} description`, input: { headers: [], payload: {} }, environmentVariables: [], ...config },
          null,
          4,
        ),
      );
    },
    writeSettings(settings) {
      writeFileSync(join(dir, "functions", "settings.json"), JSON.stringify(settings, null, 4));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `functions/<name>/index.js` and an lpf `config.json` into a project. */
export function writeFunction(projectDir: string, name: string, source: string): void {
  mkdirSync(join(projectDir, "functions", name), { recursive: true });
  writeFileSync(join(projectDir, "functions", name, "index.js"), source);
  writeFileSync(
    join(projectDir, "functions", name, "config.json"),
    JSON.stringify({ name, event: null, description: name, input: { headers: [], payload: {} }, environmentVariables: [] }),
  );
}

export async function start(project: TempProject, options: Partial<PlatformOptions> = {}): Promise<RunningPlatform> {
  return startPlatform({ projectDir: project.dir, port: 0, timeoutMs: 3000, memoryMb: 256, ...options });
}

export interface InvokeAnswer {
  status: number;
  body: {
    invocationId?: string;
    result?: unknown;
    error?: { code: string; message: string };
    logs?: Array<{ level: string; message: string }>;
    durationMs?: number;
    code?: string;
    message?: string;
  };
}

export async function invoke(platform: RunningPlatform, name: string, payload: unknown = {}): Promise<InvokeAnswer> {
  const response = await fetch(`${platform.url}/_platform/functions/${name}/invoke`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ payload, headers: [] }),
  });
  return { status: response.status, body: (await response.json()) as InvokeAnswer["body"] };
}

/** An app key as kept in functions/settings.json (the LpClient shape). */
export interface AppKey {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** An app key for test projects (the gateway and LivePerson APIs accept any app key among the secrets). */
export const TEST_ORCHESTRATOR_KEY: AppKey = {
  consumerKey: "e2e-orchestrator",
  consumerSecret: "orchestrator consumer/secret",
  token: "e2e-orchestrator-token",
  tokenSecret: "orchestrator token&secret",
};

const OAuth = createRequire(__filename)("oauth-1.0a") as typeof import("oauth-1.0a");

/** `Authorization: OAuth ...` for `method url`, signed by the `oauth-1.0a` package as the toolbelt signs. */
export function oauthAuthorization(method: string, url: string, key: AppKey = TEST_ORCHESTRATOR_KEY): string {
  const oauth = new OAuth({
    consumer: { key: key.consumerKey, secret: key.consumerSecret },
    signature_method: "HMAC-SHA1",
    hash_function: (base, signingKey) => createHmac("sha1", signingKey).update(base).digest("base64"),
  });
  return oauth.toHeader(oauth.authorize({ url, method }, { key: key.token, secret: key.tokenSecret })).Authorization;
}

export const gatewayPath = (platform: RunningPlatform, uuid: string, query = "?v=1&externalSystem=test"): string =>
  `/api/account/${platform.accountId}/lambdas/${uuid}/invoke${query}`;

/**
 * POST to the faasGW gateway, signed with `key` (`null`: unsigned). `body`
 * defaults to the external invocation shape `{ timestamp, headers: [], payload: {} }`.
 */
export async function gatewayInvoke(
  platform: RunningPlatform,
  path: string,
  options: { key?: AppKey | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const url = `${platform.url}${path}`;
  const key = options.key === undefined ? TEST_ORCHESTRATOR_KEY : options.key;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key && { authorization: oauthAuthorization("POST", url, key) }), ...options.headers },
    body: options.rawBody ?? JSON.stringify(options.body ?? { timestamp: Date.now(), headers: [], payload: {} }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** `Authorization: Bearer <admin token>`: what the platform's admin routes need. */
export function adminHeaders(platform: RunningPlatform): Record<string, string> {
  return { authorization: `Bearer ${platform.adminToken}` };
}

/** `fetch` of a platform path as its owner: the admin token, and `Content-Type: application/json` when a body is sent. */
export function adminFetch(platform: RunningPlatform, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${platform.adminToken}`);
  if (init.body !== undefined && init.body !== null && !headers.has("content-type")) headers.set("content-type", "application/json");
  return fetch(`${platform.url}${path}`, { ...init, headers });
}
