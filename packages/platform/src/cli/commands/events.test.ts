import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/run-cli";
import { EVENTS } from "../../events/catalogue";

describe("lp-faas events list", () => {
  it("prints every event with its name, function limit and skills, outside any project", async () => {
    const human = await runCli(["events", "list"], { cwd: tmpdir() });
    expect(human.code).toBe(0);
    const lines = human.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^EVENT ID +NAME +FUNCTIONS +SKILLS$/);
    expect(lines).toHaveLength(EVENTS.length + 1);
    expect(human.stdout).toMatch(/conversational_command +Conversational Command +30 +no/);
    expect(human.stdout).toMatch(/controllerbot_messaging_conversation_end +Messaging Conversation End +1 +yes/);
  });

  it("prints one JSON document with --json", async () => {
    const json = await runCli(["events", "list", "--json"], { cwd: tmpdir() });
    expect(json.code).toBe(0);
    expect(json.json()).toEqual(EVENTS.map((e) => ({ ...e })));
    expect(json.stderr).toBe("");
  });
});
