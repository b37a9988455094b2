/**
 * The testing kit (`startPlatform` of the package's main entry) end to end:
 * a real platform on port 0, state in a temporary folder that close() removes,
 * and every helper going through the platform's HTTP API with the admin token.
 */
import { Toolbelt } from "lp-faas-toolbelt";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformApiError, PlatformError, PlatformErrorCodes, startPlatform, type LocalPlatform } from "../src/index";
import { tempProject, type TempProject } from "./helpers";

const RECORD = {
  info: { conversationId: "kit-conv-1", status: "OPEN", startTimeL: 1_764_590_000_000, visitorId: "v1", sessionId: "s1", latestSkillName: "kit" },
  messageRecords: [{ type: "TEXT_PLAIN", messageData: { msg: { text: "hello" } } }],
};

async function rejection(promise: Promise<unknown>): Promise<PlatformApiError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to reject");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformApiError);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformApiError;
}

describe("the testing kit", () => {
  let project: TempProject;
  let platform: LocalPlatform;

  beforeAll(async () => {
    project = tempProject();
    project.addFunction("echo", "module.exports.lambda = async (input) => { console.info('echo'); return input; };");
    project.addFunction("fails", "module.exports.lambda = async () => { throw new Error('no luck'); };");
    project.addFunction(
      "reads_secret",
      "const { Toolbelt } = require('lp-faas-toolbelt'); module.exports.lambda = async () => (await Toolbelt.SecretClient().readSecret('api-token')).value;",
    );
    project.writeSettings({ secrets: [{ key: "api-token", value: "one" }], whitelist: [] });
    platform = await startPlatform({ projectDir: project.dir, timeoutMs: 5000, memoryMb: 256 });
  });

  afterAll(async () => {
    await platform?.close();
    project?.remove();
  });

  it("listens on a free port of 127.0.0.1 and keeps its state outside the project", async () => {
    expect(platform.url).toBe(`http://127.0.0.1:${platform.port}`);
    expect(platform.port).not.toBe(7420);
    expect(platform.stateDir.startsWith(tmpdir())).toBe(true);
    expect(readdirSync(platform.stateDir).sort()).toEqual(expect.arrayContaining(["admin-token", "state.db"]));
    expect(readFileSync(join(platform.stateDir, "admin-token"), "utf8").trim()).toBe(platform.adminToken);
    expect(existsSync(join(project.dir, ".lp-faas"))).toBe(false);
    expect(platform.env).toMatchObject({ LP_FAAS_PORT: String(platform.port), LP_FAAS_PLATFORM_URL: platform.url, BRAND_ID: platform.accountId });
  });

  it("invokes a function with a payload and headers (a map or pairs)", async () => {
    const answer = await platform.invoke<{ payload: unknown; headers: unknown }>("echo", { n: 1 }, { headers: { "x-one": "1" } });
    expect(answer.result).toEqual({ payload: { n: 1 }, headers: [{ key: "x-one", value: "1" }] });
    expect(answer.logs.map((entry) => entry.message)).toEqual(["echo"]);
    expect(answer.invocationId).toEqual(expect.any(String));
    const pairs = await platform.invoke("echo", {}, { headers: [{ key: "x-two", value: "2" }] });
    expect(pairs.result).toEqual({ payload: {}, headers: [{ key: "x-two", value: "2" }] });
  });

  it("answers a function's failure as `error`, and an unknown function as a PlatformApiError with the platform's code", async () => {
    const failed = await platform.invoke("fails");
    expect(failed.result).toBeUndefined();
    expect(failed.error).toMatchObject({ code: "com.liveperson.faas.handler.custom-failure", message: expect.stringContaining("no luck") });
    const error = await rejection(platform.invoke("nope"));
    expect(error.code).toBe(PlatformErrorCodes.MissingLambda);
    expect(error.status).toBe(404);
    expect(error.message).toContain('"nope"');
  });

  it("passes `event` in the invoke body without breaking a plain invocation", async () => {
    const answer = await platform.invoke("echo", { n: 2 }, { event: "controllerbot_messaging_new_conversation" });
    expect(answer.error).toBeUndefined();
  });

  it("reads, sets, lists and deletes secrets; the function sees the new value", async () => {
    expect(await platform.secrets.get("api-token")).toEqual({ key: "api-token", value: "one" });
    expect(await platform.secrets.get("missing")).toBeUndefined();
    expect(await platform.secrets.set("api-token", "two")).toEqual({ key: "api-token", value: "two" });
    expect((await platform.invoke("reads_secret")).result).toBe("two");
    await platform.secrets.set("extra", { a: 1 });
    expect((await platform.secrets.list()).sort()).toEqual(["api-token", "extra"]);
    await platform.secrets.delete("extra");
    expect(await platform.secrets.list()).toEqual(["api-token"]);
    const error = await rejection(platform.secrets.delete("extra"));
    expect(error.code).toBe(PlatformErrorCodes.SecretNotFound);
    expect((await rejection(platform.secrets.set("lp-faas-default-app-key", "x"))).code).toBe(PlatformErrorCodes.SecretForbidden);
  });

  it("adds, lists and removes allowlist entries", async () => {
    expect(await platform.allowlist.add("api.example.com")).toBe(true);
    expect(await platform.allowlist.add("api.example.com")).toBe(false);
    expect(await platform.allowlist.list()).toEqual(["api.example.com"]);
    await platform.allowlist.remove("api.example.com");
    expect(await platform.allowlist.list()).toEqual([]);
    expect((await rejection(platform.allowlist.remove("api.example.com"))).status).toBe(404);
  });

  it("creates Context Session Store keys, and a config the toolbelt's ContextServiceClient works with", async () => {
    const key = await platform.context.createKey("999");
    expect(key).toMatchObject({ accountId: "999", keyId: expect.any(String), apiKey: expect.any(String) });
    const config = await platform.context.clientConfig();
    expect(config.accountId).toBe(platform.accountId);
    Toolbelt.configure({ brandId: platform.accountId, csdsDomain: platform.url, rateLimit: false });
    const client = Toolbelt.ContextServiceClient(config);
    await client.createNamespace("kit");
    await client.setPropertiesInNamespace("kit", { step: 2 }, "session-1");
    expect(await client.getPropertyInSession("kit", "step", "session-1")).toBe(2);
  });

  it("imports, lists and gets conversations", async () => {
    const imported = await platform.conversations.import(RECORD);
    expect(imported).toEqual([expect.objectContaining({ conversationId: "kit-conv-1", source: "imported", messages: 1 })]);
    expect((await platform.conversations.list()).map((c) => c.conversationId)).toEqual(["kit-conv-1"]);
    expect(await platform.conversations.get("kit-conv-1")).toMatchObject({ info: { conversationId: "kit-conv-1" } });
    expect(await platform.conversations.get("unknown")).toBeUndefined();
    expect((await rejection(platform.conversations.import({ conversationHistoryRecords: [{}] }))).status).toBe(400);
  });

  it("returns the recorded invocations, of one function or all, newest first", async () => {
    const echoes = await platform.logs("echo");
    expect(echoes.map((record) => record.functionName)).toEqual(["echo", "echo", "echo"]);
    expect(echoes[0]!.startedAt).toBeGreaterThanOrEqual(echoes[2]!.startedAt);
    const all = await platform.logs();
    expect(all.length).toBeGreaterThan(echoes.length);
    expect(all.find((record) => record.functionName === "fails")).toMatchObject({ status: "failed" });
  });
});

describe("the testing kit's lifecycle", () => {
  it("removes the temporary state on close(), keeps a given stateDir, and answers after close with a typed error", async () => {
    const project = tempProject();
    const given = mkdtempSync(join(tmpdir(), "lp-faas-kit-given-"));
    try {
      const temporary = await startPlatform({ projectDir: project.dir, memoryMb: 256 });
      const stateDir = temporary.stateDir;
      await temporary.close();
      await temporary.close(); // twice is fine
      expect(existsSync(stateDir)).toBe(false);
      const error = await rejection(temporary.secrets.list());
      expect(error.code).toBe(PlatformErrorCodes.PlatformUnreachable);
      expect(error.status).toBe(0);

      const kept = await startPlatform({ projectDir: project.dir, stateDir: given, memoryMb: 256 });
      expect(kept.stateDir).toBe(given);
      await kept.close();
      expect(existsSync(join(given, "state.db"))).toBe(true);
      expect(existsSync(join(project.dir, ".lp-faas"))).toBe(false);
    } finally {
      rmSync(given, { recursive: true, force: true });
      project.remove();
    }
  });

  it("runs a temporary copy of the project with copyProject, so writes never reach the project", async () => {
    const project = tempProject();
    project.writeSettings({ secrets: [{ key: "k", value: "v" }], whitelist: [] });
    const before = readFileSync(join(project.dir, "functions", "settings.json"), "utf8");
    try {
      const platform = await startPlatform({ projectDir: project.dir, copyProject: true, memoryMb: 256 });
      expect(platform.projectDir).not.toBe(project.dir);
      await platform.secrets.set("k", "changed");
      await platform.allowlist.add("example.com");
      expect(readFileSync(join(platform.projectDir, "functions", "settings.json"), "utf8")).toContain("changed");
      const copy = platform.projectDir;
      await platform.close();
      expect(existsSync(copy)).toBe(false);
      expect(readFileSync(join(project.dir, "functions", "settings.json"), "utf8")).toBe(before);
    } finally {
      project.remove();
    }
  });

  it("refuses a folder that is not a project, naming it, before starting anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-faas-kit-empty-"));
    try {
      const error = await startPlatform({ projectDir: dir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PlatformError);
      expect(error).toMatchObject({ code: PlatformErrorCodes.BadInput, message: expect.stringContaining(dir) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
