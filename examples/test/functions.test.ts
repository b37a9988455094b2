/**
 * The example project's own tests, written as a user's project would write
 * them: the testing kit of lp-faas-platform starts a platform on this
 * project (free port, temporary state, a temporary copy of the project so
 * functions/settings.json here is never written), invokes the functions and
 * reads and rotates a secret through the platform's API.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startPlatform, type LocalPlatform } from "lp-faas-platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const projectDir = join(__dirname, "..");
const settingsFile = join(projectDir, "functions", "settings.json");

describe("the example functions", () => {
  let platform: LocalPlatform;
  const settingsBefore = readFileSync(settingsFile, "utf8");

  beforeAll(async () => {
    platform = await startPlatform({ projectDir, copyProject: true, timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await platform?.close();
  });

  it("greeting answers with a greeting and logs it (the callback form)", async () => {
    const answer = await platform.invoke<{ message: string }>("greeting", { name: "Ada" });
    expect(answer.error).toBeUndefined();
    expect(answer.result).toEqual({ message: "Hello Ada!" });
    expect(answer.logs.map((entry) => entry.message)).toContain("Greeting Ada");
  });

  it("async_greeting answers with the platform's account and the function's uuid (the async form)", async () => {
    const answer = await platform.invoke<{ message: string; accountId: string; functionUuid: string }>("async_greeting", {});
    expect(answer.result).toMatchObject({ message: "Hello World!", accountId: platform.accountId });
    expect(answer.result?.functionUuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("secret_storage reads the secret the test rotated, and updates it", async () => {
    // Whatever the project holds now (the README walkthrough rotates it too), the test sets its own value.
    expect(await platform.secrets.get("my_Secret-Key")).toEqual({ key: "my_Secret-Key", value: expect.any(String) });
    await platform.secrets.set("my_Secret-Key", "rotated-in-a-test");

    const answer = await platform.invoke("secret_storage");
    expect(answer.result).toEqual({ message: "Successfully updated secret" });
    expect(answer.logs.map((entry) => entry.message)).toContain(`read a secret of ${"rotated-in-a-test".length} characters`);
    expect((await platform.secrets.get("my_Secret-Key"))?.value).toBe("nEw.oaUtH2-tOKeN!!11!");
  });

  it("records every invocation in the invocation log", async () => {
    const greetings = await platform.logs("greeting");
    expect(greetings).toHaveLength(1);
    expect(greetings[0]).toMatchObject({ functionName: "greeting", status: "succeeded", source: "platform" });
    expect((await platform.logs()).map((record) => record.functionName).sort()).toEqual(["async_greeting", "greeting", "secret_storage"]);
  });

  it("leaves the project's functions/settings.json as it was", () => {
    expect(readFileSync(settingsFile, "utf8")).toBe(settingsBefore);
    // The copy the platform ran on holds what the functions wrote.
    const copy = JSON.parse(readFileSync(join(platform.projectDir, "functions", "settings.json"), "utf8")) as { secrets: Array<{ key: string; value: unknown }> };
    expect(copy.secrets.find((secret) => secret.key === "my_Secret-Key")?.value).toBe("nEw.oaUtH2-tOKeN!!11!");
  });
});
