/**
 * The invocation log on a real platform: bounded by count, paged through
 * `Link`/`X-Next-Cursor`, and still answering after a function logged far more
 * than any record may keep.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { adminFetch, invoke, start, tempProject, type TempProject } from "./helpers";

let project: TempProject;
let platform: RunningPlatform;

beforeAll(async () => {
  project = tempProject();
  project.addFunction("small", "function lambda(input, callback) { console.info('small ' + input.payload); callback(null, input.payload); }");
  // 16 lines of 256 KB: 4 MB of logs in one invocation.
  project.addFunction(
    "loud",
    "function lambda(input, callback) { for (let i = 0; i < 16; i++) console.info(i + ' ' + 'x'.repeat(256 * 1024)); callback(null, 'done'); }",
  );
  platform = await start(project, { maxInvocations: 5 });
});

afterAll(async () => {
  await platform?.close();
  project?.remove();
});

type Record = {
  id: string;
  functionName: string;
  logs: Array<{ message: string }>;
  logLimit?: { code: string; droppedEntries: number; droppedChars: number };
};

describe("the invocation log", () => {
  it("keeps the newest invocations only, pages them, and answers after a huge record", async () => {
    const loud = await invoke(platform, "loud");
    expect(loud.status).toBe(200);
    for (let n = 1; n <= 6; n++) expect((await invoke(platform, "small", n)).status).toBe(200);

    const first = await adminFetch(platform, "/_platform/invocations?limit=2");
    expect(first.status).toBe(200);
    const cursor = first.headers.get("x-next-cursor");
    expect(cursor).toMatch(/^\d+\.\d+$/);
    expect(first.headers.get("link")).toBe(`</_platform/invocations?limit=2&before=${cursor}>; rel="next"`);
    const seen = ((await first.json()) as Record[]).map((r) => r.id);
    let next = first.headers.get("link");
    while (next) {
      const page = await adminFetch(platform, /^<([^>]+)>/.exec(next)![1]!);
      expect(page.status).toBe(200);
      seen.push(...((await page.json()) as Record[]).map((r) => r.id));
      next = page.headers.get("link");
    }
    expect(seen).toHaveLength(5); // the loud one and the first small one are gone
    expect(new Set(seen).size).toBe(5);

    const before = await invoke(platform, "loud");
    const record = (await (await adminFetch(platform, `/_platform/invocations/${before.body.invocationId}`)).json()) as Record;
    // The runtime keeps what the cloud keeps and says what it dropped; the store never has to cut.
    expect(Buffer.byteLength(JSON.stringify(record.logs))).toBeLessThanOrEqual(256 * 1024);
    expect(record.logs.length).toBeLessThanOrEqual(10);
    expect(record.logLimit).toMatchObject({ code: "com.liveperson.faas.handler.log-limit-reached" });
    expect(record.logLimit!.droppedEntries + record.logLimit!.droppedChars).toBeGreaterThan(0);
    const all = await adminFetch(platform, "/_platform/invocations?limit=1000");
    expect(all.status).toBe(200);
    expect(((await all.json()) as Record[])[0]!.id).toBe(before.body.invocationId);
    expect((await adminFetch(platform, "/_platform/invocations?before=nonsense")).status).toBe(400);
  });
});

describe("the invocation stream on the platform", () => {
  it("needs the admin token, and sends each invocation of the filtered function as it is recorded", async () => {
    const anonymous = await fetch(`${platform.url}/_platform/invocations/stream`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);

    const abort = new AbortController();
    const stream = await adminFetch(platform, "/_platform/invocations/stream?function=small&level=info", { signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await invoke(platform, "loud"); // another function: not sent
    const answer = await invoke(platform, "small", "streamed");
    let text = "";
    const reader = stream.body!.getReader();
    while (!/event: invocation\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    const events = text.split("\n\n").filter((block) => block.includes("event: invocation"));
    expect(events).toHaveLength(1);
    const record = JSON.parse(/^data: (.*)$/m.exec(events[0]!)![1]!) as Record;
    expect(record.id).toBe(answer.body.invocationId);
    expect(record.functionName).toBe("small");
    expect(record.logs.map((l) => l.message)).toEqual(["small streamed"]);
  });
});
