import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "jsonc-parser";
import { ATTACH_CONFIGURATION_NAME, attachConfiguration, upsertAttachConfiguration } from "./vscode-launch";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(launchJson?: string): { dir: string; file: string; read: () => string } {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-vscode-"));
  dirs.push(dir);
  const file = join(dir, ".vscode", "launch.json");
  if (launchJson !== undefined) {
    mkdirSync(join(dir, ".vscode"));
    writeFileSync(file, launchJson);
  }
  return { dir, file, read: () => readFileSync(file, "utf8") };
}

const configurationsOf = (text: string) => (parse(text, [], { allowTrailingComma: true }) as { configurations: Array<Record<string, unknown>> }).configurations;

const USER_FILE = `{
    // Use IntelliSense to learn about possible attributes.
    "version": "0.2.0",
    "configurations": [
        {
            "type": "node",
            "request": "launch",
            "name": "Run tests", /* the user's own */
            "program": "\${workspaceFolder}/test.js",
            "port": 12345,
        },
    ]
}
`;

describe("upsertAttachConfiguration", () => {
  it("creates .vscode/launch.json with the attach configuration", () => {
    const p = project();
    expect(upsertAttachConfiguration(p.dir, 9229)).toEqual({ status: "created", file: p.file });
    expect(JSON.parse(p.read())).toEqual({ version: "0.2.0", configurations: [attachConfiguration(9229)] });
  });

  it("adds its entry to the user's file keeping their entries, comments and numbers, then updates only its own port", () => {
    const p = project(USER_FILE);
    expect(upsertAttachConfiguration(p.dir, 9229).status).toBe("added");
    const added = p.read();
    expect(added.startsWith(USER_FILE.slice(0, USER_FILE.indexOf("},") + 2))).toBe(true);
    expect(added).toContain("// Use IntelliSense");
    expect(added).toContain("/* the user's own */");
    expect(configurationsOf(added)).toEqual([
      { type: "node", request: "launch", name: "Run tests", program: "${workspaceFolder}/test.js", port: 12345 },
      attachConfiguration(9229),
    ]);

    expect(upsertAttachConfiguration(p.dir, 9229).status).toBe("unchanged");
    expect(upsertAttachConfiguration(p.dir, 9301).status).toBe("updated");
    const updated = p.read();
    expect(configurationsOf(updated).map((c) => [c.name, c.port])).toEqual([
      ["Run tests", 12345],
      [ATTACH_CONFIGURATION_NAME, 9301],
    ]);
    expect(updated.replace(/"port": 9301/, '"port": 9229')).toBe(added);
  });

  it("adds a configurations array when the file has none, or fills an empty one", () => {
    const none = project('{ "version": "0.2.0" }');
    expect(upsertAttachConfiguration(none.dir, 9229).status).toBe("added");
    expect(configurationsOf(none.read())).toEqual([attachConfiguration(9229)]);
    const empty = project('{\n    "version": "0.2.0",\n    "configurations": []\n}\n');
    expect(upsertAttachConfiguration(empty.dir, 9229).status).toBe("added");
    expect(configurationsOf(empty.read())).toEqual([attachConfiguration(9229)]);
  });

  it("leaves a file it cannot parse untouched and says why", () => {
    const broken = '{\n    "configurations": [\n        { "name": "x" }\n        { "name": "y" }\n    ]\n}\n';
    const p = project(broken);
    const update = upsertAttachConfiguration(p.dir, 9229);
    expect(update).toMatchObject({ status: "unparseable", file: p.file });
    expect(update.status === "unparseable" && update.reason).toMatch(/line 4, column 9/);
    expect(p.read()).toBe(broken);
    const odd = project('{ "configurations": {} }');
    expect(upsertAttachConfiguration(odd.dir, 9229)).toMatchObject({ status: "unparseable", reason: '"configurations" is not an array' });
  });
});
