/**
 * The documentation's GDPR Util example as a function on the platform: the
 * conversation fixture's HOSTED_FILE is uploaded to the platform's Swift-style
 * storage, the function (credentials from the `swift-credentials` secret via
 * Toolbelt.SecretClient()) replaces it, and the stored file is the black PNG.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoke as invokeFunction, writeFunction } from "./helpers";
import { scaffoldProject } from "../src/project/scaffold";
import { openSettingsStore } from "../src/project/settings-store";
import { startPlatform, type RunningPlatform } from "../src/platform";
import { SWIFT_CREDENTIALS_SECRET } from "../src/services/object-storage/router";

const CONVERSATION_ID = "3439894b-a73d-4eea-9616-faa095b7eaf0"; // fixtures/conversations/order-delivery-open.json
const FILE_PATH = "/v1/AUTH_async-images/12345678/2742d836-23b1-41e6-904f-8511680ead44_tracking.png";
const BLACK_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=", "base64");
const CREDS = { username: "swift-user", password: "swift-S3CRET-pass" };

let dir: string;
let platform: RunningPlatform;

const addFunction = (name: string, source: string): void => writeFunction(dir, name, source);

const invoke = async (name: string, payload: unknown): Promise<{ result?: unknown; error?: { code: string; message: string } }> =>
  (await invokeFunction(platform, name, payload)).body;

async function token(creds = CREDS): Promise<Response> {
  return fetch(`${platform.url}/auth/v1.0`, { headers: { "X-Auth-User": creds.username, "X-Auth-Key": creds.password } });
}

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), "lp-faas-gdpr-")), "project");
  scaffoldProject(dir);
  openSettingsStore(dir).setSecret(SWIFT_CREDENTIALS_SECRET, CREDS);
  // The seed's "GDPR Util" example, credentials read from the secret store.
  addFunction(
    "gdpr_sample",
    `const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda(input) {
  const { value } = await Toolbelt.SecretClient().readSecret("swift-credentials");
  const fileStorageCredentials = typeof value === "string" ? JSON.parse(value) : value;
  const conversationUtil = Toolbelt.ConversationUtil();
  const gdprUtil = Toolbelt.GDPRUtil();
  const shouldReplace = (filePath) => filePath.endsWith(".png");
  return conversationUtil.getConversationById(input.payload.conversationId)
    .then((conversation) => gdprUtil.replaceConversationFiles(conversation, fileStorageCredentials, shouldReplace))
    .then((replacedFiles) => ({ replacedFiles }));
}
module.exports = { lambda };\n`,
  );
  addFunction(
    "gdpr_wrong_creds",
    `const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda(input) {
  const conversation = await Toolbelt.ConversationUtil().getConversationById(input.payload.conversationId);
  try {
    await Toolbelt.GDPRUtil().replaceConversationFiles(conversation, { username: "swift-user", password: "nope-S3CRET" });
    return { ok: true };
  } catch (err) {
    return { code: err.code, component: err.component, message: err.message };
  }
}
module.exports = { lambda };\n`,
  );
  platform = await startPlatform({ projectDir: dir, port: 0, timeoutMs: 10_000 });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  rmSync(join(dir, ".."), { recursive: true, force: true });
});

describe("GDPR Util on the local platform", () => {
  it("object storage: auth issues a token only for the swift-credentials secret; objects need it", async () => {
    expect((await token({ username: "swift-user", password: "wrong" })).status).toBe(401);
    const ok = await token();
    expect(ok.status).toBe(200);
    const t = ok.headers.get("x-auth-token")!;
    expect(t).toMatch(/^AUTH_tk[0-9a-f]{48}$/);
    expect((await fetch(`${platform.url}${FILE_PATH}`, { method: "PUT", body: "x" })).status).toBe(401);
    expect((await fetch(`${platform.url}${FILE_PATH}`, { headers: { "x-auth-token": "bogus" } })).status).toBe(401);
    expect((await fetch(`${platform.url}/v1/AUTH_a/c%2F..%2F..%2Fx/y`, { method: "PUT", body: "x", headers: { "x-auth-token": t } })).status).toBe(400);
    expect((await fetch(`${platform.url}/v1/AUTH_a/c/missing.png`, { headers: { "x-auth-token": t } })).status).toBe(404);
  });

  it("the seed example replaces the conversation's file with the black PNG", async () => {
    const t = (await token()).headers.get("x-auth-token")!;
    const original = Buffer.from("original screenshot bytes");
    const put = await fetch(`${platform.url}${FILE_PATH}`, { method: "PUT", body: original, headers: { "x-auth-token": t, "content-type": "image/jpeg" } });
    expect(put.status).toBe(201);
    const before = await fetch(`${platform.url}${FILE_PATH}`, { headers: { "x-auth-token": t } });
    expect(before.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await before.arrayBuffer()).equals(original)).toBe(true);

    const answer = await invoke("gdpr_sample", { conversationId: CONVERSATION_ID });
    expect(answer.error).toBeUndefined();
    expect(answer.result).toEqual({ replacedFiles: [FILE_PATH] });

    const after = await fetch(`${platform.url}${FILE_PATH}`, { headers: { "x-auth-token": t } });
    expect(after.status).toBe(200);
    expect(after.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await after.arrayBuffer()).equals(BLACK_PNG)).toBe(true);
    const head = await fetch(`${platform.url}${FILE_PATH}`, { method: "HEAD", headers: { "x-auth-token": t } });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(BLACK_PNG.length));
  });

  it("wrong storage credentials → gdpr-util.auth-failed without the password in the message", async () => {
    const answer = await invoke("gdpr_wrong_creds", { conversationId: CONVERSATION_ID });
    expect(answer.error).toBeUndefined();
    const result = answer.result as { code: string; component: string; message: string };
    expect(result).toMatchObject({ code: "com.liveperson.faas.gdpr-util.auth-failed", component: "GDPR-Util" });
    expect(result.message).toContain("401");
    expect(result.message).not.toContain("nope-S3CRET");
  });
});
