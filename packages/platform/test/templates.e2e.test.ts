/**
 * Every function template runs offline on the platform: a project made by init, one function per
 * template (with the event it is meant for), each invoked with that event's sample payload; none
 * fails, and what it returns is what its event accepts (no "the cloud would reject" warning).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventById } from "../src/events/catalogue";
import { checkEventResult } from "../src/events/result-check";
import { samplePayload } from "../src/events/samples";
import type { RunningPlatform } from "../src/platform";
import { createFunction } from "../src/project/create-function";
import { FUNCTION_TEMPLATES, type FunctionTemplate } from "../src/project/function-templates";
import { scaffoldProject } from "../src/project/scaffold";
import { openSettingsStore } from "../src/project/settings-store";
import { SWIFT_CREDENTIALS_SECRET } from "../src/services/object-storage/router";
import { startPlatform } from "../src/platform";

/** The conversation every messaging sample names (general.convId). */
const CONVERSATION_ID = "c840e51e-5f65-4ad4-8d34-5c82b99a2200";

let root: string;
let platform: RunningPlatform;

/** The event a template's function listens to in this test: the one it is meant for, or its first default. */
const eventOf = (template: FunctionTemplate): string | undefined => template.onlyFor?.[0] ?? template.defaultFor[0];
const functionName = (template: FunctionTemplate): string => `t_${template.name}`;
/** What some templates log when they did their job (the result alone does not show it). */
const EXPECTED_LOG: Readonly<Record<string, RegExp>> = {
  keyword_scanner: /^1 keyword hit\(s\) in conversation c840e51e/,
  replace_files: /^replaced 1 file\(s\) of conversation c840e51e/,
  salesforce: /^no secret salesforce/,
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lp-faas-templates-"));
  const { dir } = scaffoldProject(join(root, "project"));
  for (const template of FUNCTION_TEMPLATES) createFunction(dir, functionName(template), { template: template.name, event: eventOf(template) });
  // What the conversation-end templates act on: the ended conversation, with a keyword and a shared file.
  writeFileSync(
    join(dir, "fixtures", "conversations", "ended.json"),
    JSON.stringify({
      info: { conversationId: CONVERSATION_ID, status: "CLOSE" },
      messageRecords: [
        { type: "TEXT_PLAIN", messageData: { msg: { text: "I want a refund" } }, sentBy: "Consumer", timeL: 1 },
        {
          type: "HOSTED_FILE",
          messageData: { file: { caption: "receipt", relativePath: "/v1/AUTH_async-images/12345678/receipt.png", fileType: "PNG" } },
          sentBy: "Consumer",
          timeL: 2,
        },
      ],
    }),
  );
  openSettingsStore(dir).setSecret(SWIFT_CREDENTIALS_SECRET, { username: "templates", password: "templates-password" });
  platform = await startPlatform({ projectDir: dir, port: 0, timeoutMs: 10_000, memoryMb: 256 });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("function templates", () => {
  it.each(FUNCTION_TEMPLATES.map((template) => [template.name, template] as const))("%s runs with its event's sample", async (_name, template) => {
    const eventId = eventOf(template);
    const payload = eventId === undefined ? { name: "Ada", url: `${platform.url}/_platform/health` } : samplePayload(eventId);
    const response = await fetch(`${platform.url}/_platform/functions/${functionName(template)}/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ payload, headers: [] }),
    });
    const answer = (await response.json()) as { result?: unknown; error?: { code: string; message: string }; logs: Array<{ message: string }> };
    expect(response.status).toBe(200);
    expect(answer.error, JSON.stringify(answer.error)).toBeUndefined();
    const kind = eventId === undefined ? "any" : eventById(eventId)!.resultKind;
    expect(checkEventResult(kind, answer.result).warnings).toEqual([]);
    const expectedLog = EXPECTED_LOG[template.name];
    if (expectedLog) expect(answer.logs.map((log) => log.message)).toContainEqual(expect.stringMatching(expectedLog));
  });
});
