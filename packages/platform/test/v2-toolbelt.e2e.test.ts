/**
 * The V2 entry (its source, as vitest maps it) against the real lp-faas platform, from this test process
 * (no function workers): CSDS found through X_LIVEPERSON_CSDS_DOMAIN=127.0.0.1:<port>
 * and the platform URL's scheme, Sentinel's client credentials grant with the
 * project's LIVEPERSON_DEFAULT_APP_KEY (as `lp-faas init` writes it), Bearer
 * tokens on Messaging Interactions and Engagement Attributes, the secrets API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Toolbelt as ToolbeltV1 } from "lp-faas-toolbelt";
import { ConversationContentTypes, ErrorCodes, LpServices, SDETypes, Toolbelt, globalSecretCache } from "lp-faas-toolbelt/v2";
import { scaffoldProject } from "../src/project/scaffold";
import { startPlatform, type RunningPlatform } from "../src/platform";

const CONVERSATION_ID = "3439894b-a73d-4eea-9616-faa095b7eaf0"; // the scaffold's fixtures/conversations/order-delivery-open.json

let root: string;
let platform: RunningPlatform;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lp-faas-v2-e2e-"));
  const project = join(root, "project");
  scaffoldProject(project);
  platform = await startPlatform({ projectDir: project, port: 0, timeoutMs: 10_000, memoryMb: 256, spareInstances: 0 });
  process.env.X_LIVEPERSON_BRAND_ID = platform.accountId;
  process.env.X_LIVEPERSON_CSDS_DOMAIN = `127.0.0.1:${platform.port}`;
  // The V1 entry's configure() sets the configuration both entries share.
  ToolbeltV1.configure({ platformUrl: platform.url, rateLimit: false });
  globalSecretCache.clear();
});

afterAll(async () => {
  delete process.env.X_LIVEPERSON_BRAND_ID;
  delete process.env.X_LIVEPERSON_CSDS_DOMAIN;
  await platform?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("lp-faas-toolbelt/v2 on the lp-faas platform", () => {
  it("finds the platform's services through its CSDS", async () => {
    expect(await Toolbelt.CsdsClient().get("sentinel")).toBe(platform.url);
    expect(await Toolbelt.CsdsClient().get(LpServices.AUDITLOG)).toBe(platform.url);
  });

  it("reads the provisioned client credentials as a JSON secret and refuses to change them", async () => {
    const secrets = Toolbelt.SecretClient();
    const { value } = await secrets.readSecret<{ client_id: string; client_secret: string }>("LIVEPERSON_DEFAULT_APP_KEY");
    expect(Object.keys(value).sort()).toEqual(["client_id", "client_secret"]);
    await expect(secrets.updateSecret({ key: "LIVEPERSON_DEFAULT_APP_KEY", value: "x" })).rejects.toMatchObject({ code: ErrorCodes.Secret.SystemSecret });
    await expect(secrets.readSecret("no-such-secret")).rejects.toMatchObject({ code: ErrorCodes.Secret.NotFound });
  });

  it("LpClient gets a Sentinel token and searches Messaging Interactions with it", async () => {
    const response = await Toolbelt.LpClient()(
      LpServices.MSG_HIST,
      `/messaging_history/api/account/${platform.accountId}/conversations/conversation/search?v=2&company=lp&source=FaaS_Toolbelt`,
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ conversationId: CONVERSATION_ID }) },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { conversationHistoryRecords: Array<{ info: { conversationId: string } }> };
    expect(body.conversationHistoryRecords[0]!.info.conversationId).toBe(CONVERSATION_ID);
  });

  it("ConversationUtil and SDEUtil work against the platform's APIs", async () => {
    const conversation = await Toolbelt.ConversationUtil().getConversationById(CONVERSATION_ID, [
      ConversationContentTypes.MESSAGE_RECORDS,
      ConversationContentTypes.SDES,
    ]);
    expect(conversation.conversationHistoryRecords).toHaveLength(1);
    const sdeUtil = Toolbelt.SDEUtil();
    await sdeUtil.addSDEs([{ type: SDETypes.CUSTOMER_INFO, info: { customerId: "c-1" } }], "visitor-1", "session-1");
    expect(sdeUtil.getSDEsFromConv(conversation)).toHaveProperty("sdes.events");
  });

  it("an unknown conversation is conversation-util.conversation.not-found", async () => {
    await expect(Toolbelt.ConversationUtil().getConversationById("no-such-conversation")).rejects.toMatchObject({
      code: ErrorCodes.ConversationUtil.NotFound,
    });
  });
});
