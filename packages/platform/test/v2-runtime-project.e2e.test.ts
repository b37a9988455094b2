/**
 * A V2 project made by `lp-faas init --v2` (the CLI in-process), listed with its generations, extended
 * with `lp-faas create function --v2`, and run on a real platform: the default template answers "result",
 * the V1 function beside the V2 ones runs as V1. The templates that use `core-functions-toolbelt` run
 * on the toolbelt's V2 entry (`lp-faas-toolbelt/v2`), built before the tests like every package.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform, type RunningPlatform } from "../src/platform";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { adminFetch, gatewayInvoke, gatewayPath, invoke } from "./helpers";
import { runCli } from "./run-cli";

let base: string;
let projectDir: string;
let platform: RunningPlatform;

const run = (args: string[]) => runCli(args, { cwd: base });

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "lp-faas-v2-project-"));
  projectDir = join(base, "proj");
  const init = await run(["init", "proj", "--v2", "--json"]);
  expect(init.code).toBe(0);
  platform = await startPlatform({ projectDir, port: 0, timeoutMs: 10_000, memoryMb: 256 });
});

afterAll(async () => {
  await platform?.close();
  rmSync(base, { recursive: true, force: true });
});

describe("lp-faas init --v2", () => {
  it("writes lpf 2's layout: V2 functions, settings.json with secrets only, the bin/core-functions-toolbelt marker", async () => {
    const init = await run(["init", "other", "--v2", "--json"]);
    expect(init.json()).toMatchObject({
      functions: ["hello", "http_fetch", "lp_client", "secret_storage", "orchestrator", "context_store", "v1_greeter"],
    });
    const dir = join(base, "other");
    expect(existsSync(join(dir, "bin", "core-functions-toolbelt", "package.json"))).toBe(true);
    const settings = JSON.parse(readFileSync(join(dir, "functions", "settings.json"), "utf8")) as { secrets: Array<{ key: string; value: unknown }> };
    expect(Object.keys(settings)).toEqual(["secrets"]);
    const appKey = settings.secrets.find((secret) => secret.key === "LIVEPERSON_DEFAULT_APP_KEY")?.value as { client_id: string; client_secret: string };
    expect(appKey.client_id).toMatch(/^[0-9a-f]{32}$/);
    // Random per project, as init provisions them.
    const first = JSON.parse(readFileSync(join(projectDir, "functions", "settings.json"), "utf8")) as typeof settings;
    expect(first.secrets.find((secret) => secret.key === "LIVEPERSON_DEFAULT_APP_KEY")?.value).not.toEqual(appKey);
    const hello = readFileSync(join(dir, "functions", "hello", "index.js"), "utf8");
    expect(hello).toMatch(/^async function lambda\(input\) \{$/m);
    expect(hello).not.toMatch(/^\s*(export\b|module\.exports)/m);
    expect(JSON.parse(readFileSync(join(dir, "functions", "hello", "config.json"), "utf8"))).toMatchObject({
      name: "hello",
      environmentVariables: { key: "value" },
    });
  });

  it("lists each function's generation, as text and as JSON", async () => {
    const listed = await runCli(["functions", "list", "--json"], { cwd: projectDir });
    const generations = Object.fromEntries((listed.json() as Array<{ name: string; generation: number }>).map((fn) => [fn.name, fn.generation]));
    expect(generations).toEqual({
      context_store: 2,
      hello: 2,
      http_fetch: 2,
      lp_client: 2,
      orchestrator: 2,
      secret_storage: 2,
      v1_greeter: 1,
    });
    const text = await runCli(["functions", "list"], { cwd: projectDir });
    expect(text.stdout).toMatch(/^NAME +UUID +ENTRY +GEN\n/);
    expect(text.stdout).toMatch(/\nhello +[0-9a-f-]{36} +functions\/hello\/index\.js +V2\n/);
    expect(text.stdout).toMatch(/\nv1_greeter +[0-9a-f-]{36} +functions\/v1_greeter\/index\.js +V1\n?/);
  });

  it("makes a project whose default template answers 'result' and whose V1 function runs as V1", async () => {
    expect((await invoke(platform, "hello")).body).toMatchObject({ result: "result" });
    const greeter = platform.functions().find((fn) => fn.name === "v1_greeter")!;
    const answer = await gatewayInvoke(platform, gatewayPath(platform, greeter.uuid), { key: null });
    expect(answer.status).toBe(401); // the gateway still checks who calls
    expect((await invoke(platform, "v1_greeter", { name: "Ada" })).body).toMatchObject({ result: { message: "Hello Ada!" } });
  });

  it("adds V2 functions with lp-faas create function --v2", async () => {
    const created = await runCli(["create", "function", "made_v2", "--v2", "--json"], { cwd: projectDir });
    expect(created.json()).toEqual({
      name: "made_v2",
      event: null,
      template: "default",
      files: ["functions/made_v2/index.js", "functions/made_v2/config.json"],
    });
    expect(platform.functions().find((fn) => fn.name === "made_v2")?.generation).toBe(2);
    expect((await invoke(platform, "made_v2")).body).toMatchObject({ result: "result" });
    const unknown = await runCli(["create", "function", "nope", "--v2", "--template", "greeting"], { cwd: projectDir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no V2 template "greeting"/);
  });
});

describe("the V2 http template", () => {
  it("fetches an allowlisted host, and names the allowlist when the host is not on it", async () => {
    const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
    try {
      const refused = await invoke(platform, "http_fetch", { url });
      expect(refused.body.error?.code).toBe("com.customer.faas.function.threw-error");
      expect(refused.body.logs?.map((entry) => entry.message)).toEqual([`need to allowlist the host of ${url} (lp-faas allowlist add <host>)`]);
      const added = await adminFetch(platform, "/_platform/allowlist", { method: "POST", body: JSON.stringify({ entry: "127.0.0.1" }) });
      expect(added.status).toBe(201);
      expect((await invoke(platform, "http_fetch", { url })).body.result).toEqual({ status: 200, contentType: "application/json" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("the V2 templates with the V2 toolbelt", () => {
  it("lp_client searches a fixture conversation with OAuth 2.0", async () => {
    const answer = await invoke(platform, "lp_client", { conversationId: "3439894b-a73d-4eea-9616-faa095b7eaf0" });
    expect(answer.body.error).toBeUndefined();
    expect(answer.body.result).toMatchObject({ conversationId: "3439894b-a73d-4eea-9616-faa095b7eaf0", messages: expect.any(Number) });
  });

  it("secret_storage reads its JSON secret", async () => {
    expect((await invoke(platform, "secret_storage")).body).toMatchObject({ result: { username: "example-user", hasPassword: true } });
  });

  it("orchestrator (V2) invokes the V1 function v1_greeter through the gateway", async () => {
    const answer = await invoke(platform, "orchestrator", { name: "Grace" });
    expect(answer.body.error).toBeUndefined();
    expect(answer.body.result).toEqual({ greeting: { message: "Hello Grace!" } });
  });

  it("context_store keeps a session with ContextServiceClient(apiKey)", async () => {
    const first = await invoke(platform, "context_store", { conversationId: "c-9", step: "one" });
    expect(first.body.error).toBeUndefined();
    const second = await invoke(platform, "context_store", { conversationId: "c-9", step: "two" });
    expect(second.body.result).toMatchObject({ conversationId: "c-9", session: { lastStep: "two", visits: 2 } });
  });
});
