/** GDPRUtil.replaceConversationFiles against a fake CSDS and a fake Swift storage on 127.0.0.1. */
import { afterEach, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import type { Conversation, MessageRecord } from "../../src/conversation/types";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { BLACK_PIXEL_PNG_BASE64 } from "../../src/gdpr/gdpr-util";
import { Toolbelt } from "../../src/toolbelt";
import { startServer, type TestServer } from "../helpers/servers";
import { rejection, startFakeLivePerson, type FakeLivePerson } from "../lp-client/fake-liveperson";

const ACCOUNT = "le12345678";
const USER = "swift-user";
const PASSWORD = "pw-S3CRET-swift";
const TOKEN = "tok-S3CRET-0123456789";
const CREDS = { username: USER, password: PASSWORD };

interface Swift {
  server: TestServer;
  auths: number;
  puts: Array<{ path: string; contentType: string | undefined; token: string | undefined; body: Buffer }>;
  /** Status to answer a PUT to this path with (default 201). */
  putStatus: Map<string, number>;
  authStatus: number;
  sendToken: boolean;
}

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  resetConfig();
  while (servers.length) await servers.pop()!.close();
});

async function setup(): Promise<{ swift: Swift; lp: FakeLivePerson; evil: TestServer }> {
  const swift = { auths: 0, puts: [], putStatus: new Map(), authStatus: 200, sendToken: true } as unknown as Swift;
  swift.server = await startServer((req, res) => {
    const path = req.url ?? "/";
    if (req.method === "GET" && path === "/auth/v1.0") {
      swift.auths++;
      if (req.headers["x-auth-user"] !== USER || req.headers["x-auth-key"] !== PASSWORD || swift.authStatus !== 200) {
        res.statusCode = swift.authStatus === 200 ? 401 : swift.authStatus;
        res.end(`denied for key ${String(req.headers["x-auth-key"])}`);
        return;
      }
      if (swift.sendToken) res.setHeader("x-auth-token", TOKEN);
      res.end();
      return;
    }
    if (req.method === "PUT") {
      swift.puts.push({ path, contentType: req.headers["content-type"], token: req.headers["x-auth-token"] as string | undefined, body: req.body });
      if (req.headers["x-auth-token"] !== TOKEN) {
        res.statusCode = 401;
        res.end();
        return;
      }
      res.statusCode = swift.putStatus.get(path) ?? 201;
      res.end(res.statusCode >= 300 ? `cannot store, token ${TOKEN}` : "");
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  const evil = await startServer((_req, res) => void res.end("evil"));
  const lp = await startFakeLivePerson({ account: ACCOUNT, keys: [], services: ["swift"], baseUri: () => swift.server.url });
  servers.push(swift.server, evil, lp);
  resetConfig();
  configure({ brandId: ACCOUNT, csdsDomain: lp.url, rateLimit: false });
  return { swift, lp, evil };
}

const file = (relativePath: string | undefined): MessageRecord =>
  ({
    type: "HOSTED_FILE",
    messageData: { file: { caption: "pic", ...(relativePath === undefined ? {} : { relativePath }) } },
    timeL: 1,
  }) as MessageRecord;
const text = (t: string): MessageRecord => ({ type: "TEXT_PLAIN", messageData: { msg: { text: t } }, timeL: 1 }) as MessageRecord;
const conv = (...records: MessageRecord[][]): Conversation => ({
  _metadata: {},
  conversationHistoryRecords: records.map((messageRecords) => ({ messageRecords })),
});

const P1 = "/v1/AUTH_async-images/12345678/a.png";
const P2 = "/v1/AUTH_async-images/12345678/b.png";
const P3 = "/v1/AUTH_async-images/12345678/c.png";

describe("GDPRUtil.replaceConversationFiles", () => {
  it("logs in once and PUTs the black PNG to every file (seed example)", async () => {
    const { swift, lp } = await setup();
    const conversation = conv([text("hi"), file(P1), file(P2)]);

    // --- the seed's example (conversation given instead of fetched) ---
    const fileStorageCredentials = { username: USER, password: PASSWORD };
    const gdprUtil = Toolbelt.GDPRUtil();
    const replacedFiles = await gdprUtil.replaceConversationFiles(conversation, fileStorageCredentials);
    // ---

    expect(replacedFiles.sort()).toEqual([P1, P2]);
    expect(swift.auths).toBe(1);
    expect(lp.csdsRequests).toBe(1);
    expect(swift.puts).toHaveLength(2);
    for (const put of swift.puts) {
      expect(put.contentType).toBe("image/png");
      expect(put.token).toBe(TOKEN);
      expect(put.body.equals(Buffer.from(BLACK_PIXEL_PNG_BASE64, "base64"))).toBe(true);
      expect(put.body).toHaveLength(68);
    }
  });

  it("scans every record, deduplicates, and applies shouldReplace and the replacement file", async () => {
    const { swift } = await setup();
    const conversation = conv([file(P1), file(undefined)], [text("x"), file(P2), file(P1)], [file(P3)]);
    const seen: string[] = [];
    const body = Buffer.from("replacement");
    const result = await Toolbelt.GDPRUtil().replaceConversationFiles(
      conversation,
      CREDS,
      (path) => {
        seen.push(path);
        return path !== P2;
      },
      { body, contentType: "text/plain" },
    );
    expect(seen).toEqual([P1, P2, P3]);
    expect(result.sort()).toEqual([P1, P3]);
    expect(swift.puts.map((p) => p.path).sort()).toEqual([P1, P3]);
    expect(swift.puts.every((p) => p.contentType === "text/plain" && p.body.equals(body))).toBe(true);
  });

  it("resolves [] with no request when there is nothing to replace", async () => {
    const { swift, lp } = await setup();
    const util = Toolbelt.GDPRUtil();
    expect(await util.replaceConversationFiles({ _metadata: {}, conversationHistoryRecords: [] }, CREDS)).toEqual([]);
    expect(await util.replaceConversationFiles(conv([text("a")]), CREDS)).toEqual([]);
    expect(await util.replaceConversationFiles(conv([file(P1)]), CREDS, () => false)).toEqual([]);
    expect(lp.csdsRequests).toBe(0);
    expect(swift.server.requests).toHaveLength(0);
  });

  it("rejects bad input with gdpr-util-general", async () => {
    await setup();
    const util = Toolbelt.GDPRUtil();
    for (const promise of [
      util.replaceConversationFiles(undefined as unknown as Conversation, CREDS),
      util.replaceConversationFiles({ _metadata: {}, conversationHistoryRecords: [{}] }, CREDS),
      util.replaceConversationFiles(conv([file(P1)]), { username: USER } as never),
      util.replaceConversationFiles(conv([file(P1)]), CREDS, undefined, { body: "x", contentType: "" } as never),
    ]) {
      expect(await rejection(promise)).toMatchObject({ component: "GDPR-Util", code: ErrorCodes.GDPRUtil.General });
    }
    const noRecords = await rejection(util.replaceConversationFiles({ _metadata: {}, conversationHistoryRecords: [{}] }, CREDS));
    expect(noRecords.message).toBe("No message records provided");
  });

  it("auth refused or without a token → gdpr-util.auth-failed, no PUT, no secret in the error", async () => {
    const { swift } = await setup();
    const wrong = await rejection(Toolbelt.GDPRUtil().replaceConversationFiles(conv([file(P1)]), { username: USER, password: "wrong-S3CRET" }));
    expect(wrong).toBeInstanceOf(ToolbeltError);
    expect(wrong).toMatchObject({ component: "GDPR-Util", code: ErrorCodes.GDPRUtil.AuthFailure });
    expect(wrong.message).toContain("401");
    expect(JSON.stringify({ m: wrong.message, e: wrong })).not.toContain("wrong-S3CRET");
    swift.sendToken = false;
    const noToken = await rejection(Toolbelt.GDPRUtil().replaceConversationFiles(conv([file(P1)]), CREDS));
    expect(noToken).toMatchObject({ code: ErrorCodes.GDPRUtil.AuthFailure, message: "No Auth token returned" });
    expect(swift.puts).toHaveLength(0);
  });

  it("unreachable storage → gdpr-util.auth-failed", async () => {
    const { swift } = await setup();
    await swift.server.close();
    const error = await rejection(Toolbelt.GDPRUtil().replaceConversationFiles(conv([file(P1)]), CREDS));
    expect(error).toMatchObject({ component: "GDPR-Util", code: ErrorCodes.GDPRUtil.AuthFailure });
    expect(error.message).not.toContain(PASSWORD);
  });

  it("partial failure names the replaced and the failed files; the token never appears", async () => {
    const { swift } = await setup();
    swift.putStatus.set(P2, 503);
    const error = (await rejection(Toolbelt.GDPRUtil().replaceConversationFiles(conv([file(P1)], [file(P2)], [file(P3)]), CREDS))) as ToolbeltError & {
      replaced: string[];
      failed: Array<{ path: string; reason: string }>;
    };
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({ component: "GDPR-Util", code: ErrorCodes.GDPRUtil.ReplaceFileFailed });
    expect(error.replaced.sort()).toEqual([P1, P3]);
    expect(error.failed).toEqual([{ path: P2, reason: expect.stringContaining("503") }]);
    expect(error.message).toContain(P2);
    expect(error.message).toContain(P1);
    expect(swift.puts).toHaveLength(3);
    const everything = JSON.stringify({ m: error.message, s: error.stack, e: error });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(PASSWORD);
  });

  it.each(["@EVIL/x.png", ".evil.tld/x.png", "//EVIL/x.png", "/\\EVIL/x.png", "evil.tld/x.png", "\\\\EVIL/x.png"])(
    "refuses path %s: no request to another host, the token goes nowhere",
    async (template) => {
      const { swift, evil } = await setup();
      const evilHost = new URL(evil.url).host;
      const bad = template.replace("EVIL", evilHost);
      const error = (await rejection(Toolbelt.GDPRUtil().replaceConversationFiles(conv([file(bad), file(P1)]), CREDS))) as ToolbeltError & {
        replaced: string[];
        failed: Array<{ path: string; reason: string }>;
      };
      expect(error).toMatchObject({ code: ErrorCodes.GDPRUtil.ReplaceFileFailed, replaced: [P1] });
      expect(error.failed.map((f) => f.path)).toEqual([bad]);
      expect(evil.requests).toHaveLength(0);
      expect(swift.puts.map((p) => p.path)).toEqual([P1]);
    },
  );

  it("refuses without any request when every path is bad", async () => {
    const { swift, evil } = await setup();
    const error = await rejection(Toolbelt.GDPRUtil().replaceConversationFiles(conv([file(`@${new URL(evil.url).host}/x`)]), CREDS));
    expect(error).toMatchObject({ code: ErrorCodes.GDPRUtil.ReplaceFileFailed, replaced: [] });
    expect(swift.server.requests).toHaveLength(0);
    expect(evil.requests).toHaveLength(0);
  });
});
