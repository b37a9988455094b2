/**
 * The emulated LivePerson APIs end to end: a real platform on a random port
 * in a temp project with an API key secret and conversation fixtures, called
 * with requests signed by the `oauth-1.0a` package (what the toolbelt signs
 * with) and node:crypto HMAC-SHA1; SQLite on disk across a restart; the CLI.
 */
import { createHmac } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main";
import { conversationFixtureJson, EXAMPLE_CONVERSATION_FIXTURES } from "../src/project/scaffold-templates";
import type { RunningPlatform } from "../src/platform";
import { adminFetch, invoke, start, tempProject, type TempProject } from "./helpers";

const OAuth = createRequire(__filename)("oauth-1.0a") as typeof import("oauth-1.0a");

const APP_KEY = { consumerKey: "e2e-consumer", consumerSecret: "e2e consumer/secret", token: "e2e-token", tokenSecret: "e2e token&secret" };
const OTHER_KEY = { consumerKey: "other-consumer", consumerSecret: "other-secret", token: "other-token", tokenSecret: "other-token-secret" };
const ORDER_ID = "3439894b-a73d-4eea-9616-faa095b7eaf0"; // fixtures/conversations/order-delivery-open.json
const BILLING_ID = "7987ada4-7217-448d-bfe4-ae723b35027e"; // fixtures/conversations/billing-refund-closed.json
const ORDER_VISIT = { visitorId: "tHx2mQ9rS0aW7bLk3yF1pA", sessionId: "mZ4vB8nC2xQ7wE1rT6yU0a" };

let project: TempProject;
let platform: RunningPlatform;

interface SignOptions {
  key?: typeof APP_KEY;
  /** Seconds since the epoch. */
  timestamp?: number;
  nonce?: string;
}

function authorization(method: string, url: string, options: SignOptions = {}): string {
  const key = options.key ?? APP_KEY;
  const oauth = new OAuth({
    consumer: { key: key.consumerKey, secret: key.consumerSecret },
    signature_method: "HMAC-SHA1",
    hash_function: (base, signingKey) => createHmac("sha1", signingKey).update(base).digest("base64"),
  });
  if (options.timestamp !== undefined) oauth.getTimeStamp = () => options.timestamp!;
  if (options.nonce !== undefined) oauth.getNonce = () => options.nonce!;
  return oauth.toHeader(oauth.authorize({ url, method }, { key: key.token, secret: key.tokenSecret })).Authorization;
}

async function signed(
  method: string,
  path: string,
  body: unknown,
  options: SignOptions & { headers?: Record<string, string>; rawBody?: string } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const url = `${platform.url}${path}`;
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", authorization: authorization(method, url, options), ...options.headers },
    body: options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

const searchPath = (query = "?v=2&source=FaaS_Toolbelt", account = "12345678") =>
  `/messaging_history/api/account/${account}/conversations/conversation/search${query}`;
const sdePath = (visitorId: string, sessionId: string) =>
  `/api/account/12345678/monitoring/visitors/${encodeURIComponent(visitorId)}/visits/current/events?v=1&sid=${encodeURIComponent(sessionId)}`;
const search = (conversationId: unknown, extra: Record<string, unknown> = {}, query?: string) =>
  signed("POST", searchPath(query), { conversationId, ...extra });

beforeAll(async () => {
  project = tempProject();
  project.writeSettings({
    secrets: [
      { key: "lp-faas-default-app-key", value: APP_KEY },
      { key: "other-app-key", value: JSON.stringify(OTHER_KEY) },
      { key: "my_Secret-Key", value: "not an api key" },
    ],
    whitelist: [],
  });
  const fixtures = join(project.dir, "fixtures", "conversations");
  mkdirSync(fixtures, { recursive: true });
  for (const fixture of EXAMPLE_CONVERSATION_FIXTURES) writeFileSync(join(fixtures, fixture.file), conversationFixtureJson(fixture));
  writeFileSync(join(fixtures, "broken.json"), '{ "conversationHistoryRecords": [ ');
  platform = await start(project);
}, 60_000);

afterAll(async () => {
  await platform?.close();
  project?.remove();
});

describe("Messaging Interactions conversation search", () => {
  it("returns the fixture conversation in a search response", async () => {
    const answer = await search(ORDER_ID);
    expect(answer.status).toBe(200);
    expect(answer.body._metadata).toEqual({
      count: 1,
      self: { rel: "self", href: `${platform.url}${searchPath()}` },
      shardsStatusResult: { partialResult: false },
    });
    const [record] = answer.body.conversationHistoryRecords;
    expect(record.info).toMatchObject({ conversationId: ORDER_ID, status: "OPEN", latestSkillName: "Orders", brandId: "12345678" });
    expect(record.messageRecords).toHaveLength(7);
    expect(record.messageRecords.find((m: { type: string }) => m.type === "HOSTED_FILE").messageData.file).toMatchObject({
      caption: "Screenshot of the tracking page",
    });
    expect(record.sdes.events.map((e: { sdeType: string }) => e.sdeType)).toEqual(["CUSTOMER_INFO", "PERSONAL_INFO"]);
    expect(record.unAuthSdes.events.map((e: { sdeType: string }) => e.sdeType)).toEqual(["VIEWED_PRODUCT"]);
  });

  it("answers an empty list for an unknown id, for any account and query", async () => {
    const answer = await signed("POST", searchPath("?v=2&company=lp&source=FaaS_Toolbelt", "le99"), { conversationId: "00000000-0000-4000-8000-000000000000" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ _metadata: { count: 0 }, conversationHistoryRecords: [] });
  });

  it("returns only info and the members named in contentToRetrieve; unAuthSdes only with v=2", async () => {
    const picked = await search(ORDER_ID, { contentToRetrieve: ["messageRecords", "unAuthSdes"] });
    expect(Object.keys(picked.body.conversationHistoryRecords[0])).toEqual(["info", "messageRecords", "unAuthSdes"]);
    const v1 = await search(BILLING_ID, {}, "?v=1");
    expect(Object.keys(v1.body.conversationHistoryRecords[0])).not.toContain("unAuthSdes");
    expect(Object.keys(v1.body.conversationHistoryRecords[0])).toContain("sdes");
    const empty = await search(BILLING_ID, { contentToRetrieve: [] });
    expect(empty.body.conversationHistoryRecords[0].messageRecords).toHaveLength(3);
  });

  it("accepts a key stored as a JSON string", async () => {
    expect((await signed("POST", searchPath(), { conversationId: BILLING_ID }, { key: OTHER_KEY })).status).toBe(200);
  });
});

describe("OAuth 1.0a", () => {
  const expect401 = (answer: { status: number; headers: Headers; body: any }, problem: string) => {
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code: 401, message: expect.any(String), oauth_problem: problem } });
    expect(answer.headers.get("www-authenticate")).toBe(`OAuth realm="${platform.url}/", oauth_problem="${problem}"`);
  };

  it("refuses a request without an Authorization header", async () => {
    const response = await fetch(`${platform.url}${searchPath()}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversationId: ORDER_ID }),
    });
    expect401({ status: response.status, headers: response.headers, body: await response.json() }, "parameter_rejected");
  });

  it("refuses an unknown key and a wrong token", async () => {
    expect401(await signed("POST", searchPath(), { conversationId: ORDER_ID }, { key: { ...APP_KEY, consumerKey: "who" } }), "consumer_key_unknown");
    expect401(await signed("POST", searchPath(), { conversationId: ORDER_ID }, { key: { ...APP_KEY, token: "stolen" } }), "token_rejected");
  });

  it("refuses a bad signature", async () => {
    expect401(await signed("POST", searchPath(), { conversationId: ORDER_ID }, { key: { ...APP_KEY, consumerSecret: "guessed" } }), "signature_invalid");
    // Signed for another query than the one sent.
    const url = `${platform.url}${searchPath("?v=1")}`;
    const response = await fetch(`${platform.url}${searchPath("?v=2")}`, {
      method: "POST",
      headers: { authorization: authorization("POST", url) },
      body: JSON.stringify({ conversationId: ORDER_ID }),
    });
    expect(response.status).toBe(401);
  });

  it("refuses a stale or future timestamp", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect401(await signed("POST", searchPath(), { conversationId: ORDER_ID }, { timestamp: now - 400 }), "timestamp_refused");
    expect401(await signed("PUT", sdePath("v", "s"), [{ type: "lead" }], { timestamp: now + 400 }), "timestamp_refused");
  });

  it("refuses a replayed request (same nonce, same key)", async () => {
    const url = `${platform.url}${searchPath()}`;
    const headers = { "content-type": "application/json", authorization: authorization("POST", url, { nonce: "replay-me-once" }) };
    const body = JSON.stringify({ conversationId: ORDER_ID });
    expect((await fetch(url, { method: "POST", headers, body })).status).toBe(200);
    const replay = await fetch(url, { method: "POST", headers, body });
    expect401({ status: replay.status, headers: replay.headers, body: await replay.json() }, "nonce_used");
  });
});

describe("Engagement Attributes", () => {
  it("adds SDEs that the next search shows with a server timestamp", async () => {
    const before = Date.now();
    const added = await signed("PUT", sdePath(ORDER_VISIT.visitorId, ORDER_VISIT.sessionId), [
      { type: "ctmrinfo", info: { cstatus: "platinum", customerId: "C-558102" } },
      { type: "lead", lead: { topic: "express shipping refund", value: 9.9, leadId: "L-1" } },
    ]);
    const after = Date.now();
    expect(added.status).toBe(200);
    expect(added.body).toEqual({});
    expect(added.headers.get("x-lp-faas-conversations")).toBe(ORDER_ID);
    const stamp = added.headers.get("x-lp-faas-server-timestamp")!;
    expect(Number(stamp)).toBeGreaterThanOrEqual(before);
    expect(Number(stamp)).toBeLessThanOrEqual(after);

    const events = (await search(ORDER_ID, { contentToRetrieve: ["sdes"] })).body.conversationHistoryRecords[0].sdes.events;
    expect(events).toHaveLength(4);
    expect(events.slice(2)).toEqual([
      {
        customerInfo: { serverTimeStamp: stamp, customerInfo: { customerStatus: "platinum", customerId: "C-558102" } },
        sdeType: "CUSTOMER_INFO",
        serverTimeStamp: stamp,
      },
      { lead: { serverTimeStamp: stamp, lead: { topic: "express shipping refund", value: 9.9, leadId: "L-1" } }, sdeType: "LEAD", serverTimeStamp: stamp },
    ]);
  });

  it("puts SDEs of an unauthenticated consumer's visit under unAuthSdes; POST with X-HTTP-Method-Override works", async () => {
    const added = await signed("POST", sdePath("pL7sD3fG9hJ2kQ5wR8tY1u", "bN6mV4cX0zA9sD2fG7hJ3k"), [{ type: "searchInfo", keywords: ["invoice"] }], {
      headers: { "x-http-method-override": "PUT" },
    });
    expect(added.status).toBe(200);
    const [record] = (await search(BILLING_ID)).body.conversationHistoryRecords;
    expect(record.sdes.events).toEqual([]);
    expect(record.unAuthSdes.events.at(-1)).toMatchObject({ searchContent: { keywords: ["invoice"] }, sdeType: "SEARCH_CONTENT", isAuthenticated: false });
  });

  it("stores SDEs for a visit no conversation has yet", async () => {
    const added = await signed("PUT", sdePath("visitor-later", "session-later"), [{ type: "prodView", products: [{ product: { name: "Socks" } }] }]);
    expect(added.status).toBe(200);
    expect(added.headers.get("x-lp-faas-conversations")).toBe("");
  });

  it("names conversations with non-ASCII ids in its diagnostic header, URL-encoded", async () => {
    const id = "разговор/1 ☃";
    const post = await adminFetch(platform, `/_platform/conversations`, {
      method: "POST",
      body: JSON.stringify({ info: { conversationId: id, visitorId: "uni-visitor" } }),
    });
    expect(post.status).toBe(201);
    const added = await signed("PUT", sdePath("uni-visitor", "any session"), [{ type: "error", error: { message: "card declined" } }]);
    expect(added.status).toBe(200);
    expect(added.headers.get("x-lp-faas-conversations")).toBe(encodeURIComponent(id));
    const shown = (await (await adminFetch(platform, `/_platform/conversations/${encodeURIComponent(id)}`)).json()) as { sdes: { events: unknown[] } };
    expect(shown.sdes.events).toEqual([
      expect.objectContaining({ sdeType: "VISITOR_ERROR", visitorError: expect.objectContaining({ visitorError: { message: "card declined" } }) }),
    ]);
    expect((await adminFetch(platform, `/_platform/conversations/${encodeURIComponent(id)}`, { method: "DELETE" })).status).toBe(204);
  });
});

describe("bad input", () => {
  it("answers 4xx with a JSON body, never a 500", async () => {
    const cases: Array<[string, string, string | undefined, number]> = [
      ["POST", searchPath(), "{not json", 400],
      ["POST", searchPath(), "", 400],
      ["POST", searchPath(), "[]", 400],
      ["POST", searchPath(), JSON.stringify({ conversationId: 42 }), 400],
      ["POST", searchPath(), JSON.stringify({ conversationId: " " }), 400],
      ["POST", searchPath(), JSON.stringify({ conversationId: ORDER_ID, contentToRetrieve: "sdes" }), 400],
      ["POST", searchPath(), JSON.stringify({ conversationId: ORDER_ID, contentToRetrieve: [1] }), 400],
      ["POST", searchPath(), JSON.stringify({ conversationId: "x".repeat(1_100_000) }), 413],
      ["PUT", sdePath("v", "s"), "{not json", 400],
      ["PUT", sdePath("v", "s"), JSON.stringify({ type: "lead" }), 400],
      ["PUT", sdePath("v", "s"), "[]", 400],
      ["PUT", sdePath("v", "s"), JSON.stringify([{ lead: {} }]), 400],
      ["PUT", sdePath("v", "s"), JSON.stringify([{ type: 7 }]), 400],
      ["PUT", sdePath("v", "s"), JSON.stringify(["lead"]), 400],
      ["PUT", "/api/account/1/monitoring/visitors/v/visits/current/events?v=1", JSON.stringify([{ type: "lead" }]), 400],
      ["POST", sdePath("v", "s"), JSON.stringify([{ type: "lead" }]), 405],
    ];
    for (const [method, path, body, status] of cases) {
      const answer = await signed(method, path, undefined, { rawBody: body });
      expect({ method, path: path.slice(0, 60), body: body?.slice(0, 60), status: answer.status }).toEqual({
        method,
        path: path.slice(0, 60),
        body: body?.slice(0, 60),
        status,
      });
      expect(answer.body).toEqual({ error: { code: status, message: expect.any(String) } });
    }
  });

  it("answers the platform's own conversation API with { code, message } errors", async () => {
    const cases: Array<[string, string, string | undefined, number, string]> = [
      ["POST", "/_platform/conversations", "{oops", 400, "com.liveperson.faas.es.badinput"],
      ["POST", "/_platform/conversations", JSON.stringify({ conversationHistoryRecords: [{ info: {} }] }), 400, "com.liveperson.faas.es.badinput"],
      ["POST", "/_platform/conversations", JSON.stringify([1]), 400, "com.liveperson.faas.es.badinput"],
      ["GET", "/_platform/conversations/no-such-id", undefined, 404, "com.liveperson.faas.platform.not-found"],
      ["DELETE", `/_platform/conversations/${ORDER_ID}`, undefined, 409, "com.liveperson.faas.platform.conflict"],
      ["DELETE", "/_platform/conversations/no-such-id", undefined, 404, "com.liveperson.faas.platform.not-found"],
      ["PUT", "/_platform/conversations", "{}", 405, "com.liveperson.faas.platform.method-not-allowed"],
    ];
    for (const [method, path, body, status, code] of cases) {
      const response = await adminFetch(platform, path, { method, body });
      expect({ method, path, status: response.status }).toEqual({ method, path, status });
      expect(await response.json()).toEqual({ code, message: expect.any(String) });
    }
  });
});

describe("the platform's conversation API and a restart", () => {
  const imported = {
    info: {
      conversationId: "f0e1d2c3-b4a5-4697-8877-665544332211",
      status: "OPEN",
      startTimeL: 1717000000000,
      latestSkillName: "Returns",
      visitorId: "import-visitor",
      sessionId: "import-session",
    },
    messageRecords: [{ type: "TEXT_PLAIN", messageData: { msg: { text: "Can I return an opened item?" } }, timeL: 1717000001000, sentBy: "Consumer" }],
    consumerParticipants: [{ participantId: "c-1" }],
  };

  it("imports a conversation, lists and shows it, and keeps it and its SDEs across a restart", async () => {
    const post = await adminFetch(platform, `/_platform/conversations`, {
      method: "POST",
      body: JSON.stringify({ _metadata: { count: 1 }, conversationHistoryRecords: [imported] }),
    });
    expect(post.status).toBe(201);
    expect(await post.json()).toEqual({
      imported: [expect.objectContaining({ conversationId: imported.info.conversationId, source: "imported", messages: 1 })],
    });
    expect((await signed("PUT", sdePath("import-visitor", "import-session"), [{ type: "service", service: { topic: "return", status: 1 } }])).status).toBe(200);

    const list = (await (await adminFetch(platform, `/_platform/conversations`)).json()) as Array<{ conversationId: string; source: string; file?: string }>;
    expect(list.map((c) => c.conversationId)).toEqual([BILLING_ID, ORDER_ID, imported.info.conversationId]);
    expect(list[0]).toMatchObject({ source: "fixture", file: "fixtures/conversations/billing-refund-closed.json" });
    const shown = (await (await adminFetch(platform, `/_platform/conversations/${imported.info.conversationId}`)).json()) as {
      sdes: { events: Array<{ sdeType: string }> };
    };
    expect(shown.sdes.events.map((e) => e.sdeType)).toEqual(["SERVICE_ACTIVITY"]);

    await platform.close();
    platform = await start(project);

    const [record] = (await search(imported.info.conversationId)).body.conversationHistoryRecords;
    expect(record.info.latestSkillName).toBe("Returns");
    expect(record.sdes.events).toEqual([expect.objectContaining({ sdeType: "SERVICE_ACTIVITY", serverTimeStamp: expect.stringMatching(/^\d{13}$/) })]);
    const [order] = (await search(ORDER_ID)).body.conversationHistoryRecords;
    expect(order.sdes.events.map((e: { sdeType: string }) => e.sdeType)).toEqual(["CUSTOMER_INFO", "PERSONAL_INFO", "CUSTOMER_INFO", "LEAD"]);
  });
});

describe("lp-faas conversations", () => {
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(args, {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      cwd: project.dir,
      env: {},
      waitForShutdown: () => new Promise(() => undefined),
    });
    return { code, stdout, stderr };
  }

  it("lists the conversations, naming the broken fixture on stderr", async () => {
    const json = await cli("conversations", "list", "--dir", project.dir, "--json");
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as Array<{ conversationId: string; status: string; messages: number }>;
    expect(list.map((c) => c.conversationId)).toContain(ORDER_ID);
    expect(list.find((c) => c.conversationId === BILLING_ID)).toMatchObject({ status: "CLOSE", messages: 3 });
    expect(json.stderr).toMatch(/broken\.json: not valid JSON/);
    const text = await cli("conversations", "list");
    expect(text.stdout).toMatch(/^CONVERSATION ID\s+STATUS\s+START\s+MESSAGES\s+SDES\s+SOURCE$/m);
    expect(text.stdout).toContain("fixtures/conversations/order-delivery-open.json");
  });

  it("shows one conversation as JSON and as text", async () => {
    const json = await cli("conversations", "show", ORDER_ID, "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ info: { conversationId: ORDER_ID }, sdes: { events: expect.any(Array) } });
    const text = await cli("conversations", "show", ORDER_ID);
    expect(text.stdout).toContain("Messages (7):");
    expect(text.stdout).toContain("[file] Screenshot of the tracking page");
    expect(text.stdout).toMatch(/SDE events \(4\):/);
    const missing = await cli("conversations", "show", "nope", "--json");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: "com.liveperson.faas.platform.not-found", message: expect.stringContaining("nope") } });
  });

  it("imports a file that the running platform serves at once", async () => {
    const file = join(project.dir, "export.json");
    writeFileSync(file, JSON.stringify({ info: { conversationId: "cli-imported-1", status: "CLOSE" }, messageRecords: [] }));
    const json = await cli("conversations", "import", "export.json", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ imported: [expect.objectContaining({ conversationId: "cli-imported-1", source: "imported" })] });
    expect((await search("cli-imported-1")).body._metadata.count).toBe(1);

    writeFileSync(file, "not json");
    expect((await cli("conversations", "import", "export.json")).code).toBe(2);
    writeFileSync(file, JSON.stringify({ nothing: true }));
    const wrongShape = await cli("conversations", "import", "export.json", "--json");
    expect(wrongShape.code).toBe(1);
    expect(JSON.parse(wrongShape.stdout).error.code).toBe("com.liveperson.faas.es.badinput");
    expect((await cli("conversations", "import", "missing.json")).code).toBe(2);
  });

  it("has help on every subcommand", async () => {
    for (const args of [
      ["conversations", "--help"],
      ["conversations", "list", "--help"],
      ["conversations", "show", "-h"],
      ["conversations", "import", "--help"],
    ]) {
      const help = await cli(...args);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.stdout).toMatch(/^Usage: lp-faas conversations/);
    }
    expect((await cli("conversations")).code).toBe(2);
  });
});

describe("the toolbelt inside a function", () => {
  it("reads a conversation and adds SDEs through LpClient's signed requests", async () => {
    project.addFunction(
      "conversation_sdes",
      `const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda(input) {
  const sdeUtil = Toolbelt.SDEUtil();
  await sdeUtil.addSDEs([{ type: "purchase", total: 42.5, orderId: "A-20417" }], input.payload.visitorId, input.payload.sessionId);
  const conversation = await Toolbelt.ConversationUtil().getConversationById(input.payload.conversationId);
  const { sdes } = sdeUtil.getSDEsFromConv(conversation);
  return { count: conversation._metadata.count, last: sdes.events[sdes.events.length - 1] };
}
module.exports = { lambda };\n`,
    );
    const answer = await invoke(platform, "conversation_sdes", { conversationId: ORDER_ID, ...ORDER_VISIT });
    expect(answer.body.error).toBeUndefined();
    expect(answer.body.result).toEqual({
      count: 1,
      last: {
        purchase: { serverTimeStamp: expect.stringMatching(/^\d{13}$/), total: 42.5, orderId: "A-20417" },
        sdeType: "PURCHASE",
        serverTimeStamp: expect.any(String),
      },
    });
  });
});
