import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { httpStatusOf, PlatformError, PlatformErrorCodes } from "../errors";
import { openSettingsStore, settingsPath } from "./settings-store";

let dir: string;
const file = (): string => settingsPath(dir);
const write = (text: string): void => {
  mkdirSync(join(dir, "functions"), { recursive: true });
  writeFileSync(file(), text);
};

function thrown(fn: () => unknown): PlatformError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformError);
    return error as PlatformError;
  }
  throw new Error("expected a PlatformError");
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-faas-settings-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("reading and writing", () => {
  it("treats a missing file as empty and does not create it on read", () => {
    const store = openSettingsStore(dir);
    expect(store.read()).toEqual({ secrets: [], whitelist: [] });
    expect(store.getSecret("nope")).toBeUndefined();
    expect(store.listAllowlist()).toEqual([]);
    expect(store.deleteSecret("nope")).toBe(false);
    expect(existsSync(join(dir, "functions"))).toBe(false);
  });

  it("creates the file on the first write, in lpf's 4-space format", () => {
    const store = openSettingsStore(dir);
    store.setSecret("my_Secret-Key", "v1");
    store.addAllowlist("*.liveperson.com");
    const expected = { secrets: [{ key: "my_Secret-Key", value: "v1" }], whitelist: ["*.liveperson.com"] };
    expect(readFileSync(file(), "utf8")).toBe(`${JSON.stringify(expected, null, 4)}\n`);
    expect(readdirSync(join(dir, "functions"))).toEqual(["settings.json"]); // no lock or temp file left
  });

  it("round-trips secrets of any JSON type, and sees hand edits at once", () => {
    const store = openSettingsStore(dir);
    const values = ["text", 42, true, null, [1, "two"], { nested: { deep: [1] } }];
    values.forEach((value, i) => store.setSecret(`k${i}`, value));
    values.forEach((value, i) => expect(store.getSecret(`k${i}`)).toEqual({ key: `k${i}`, value }));
    expect(
      openSettingsStore(dir)
        .read()
        .secrets.map((s) => s.key),
    ).toEqual(["k0", "k1", "k2", "k3", "k4", "k5"]);

    write(JSON.stringify({ secrets: [{ key: "edited", value: "by hand" }] }));
    expect(store.getSecret("edited")).toEqual({ key: "edited", value: "by hand" });
    expect(store.getSecret("k0")).toBeUndefined();
  });

  it("set replaces in place, update only replaces existing secrets, delete removes", () => {
    const store = openSettingsStore(dir);
    store.setSecret("a", 1);
    store.setSecret("b", 2);
    store.setSecret("a", 3);
    expect(store.read().secrets).toEqual([
      { key: "a", value: 3 },
      { key: "b", value: 2 },
    ]);
    expect(store.updateSecret("missing", 1)).toBe(false);
    expect(store.getSecret("missing")).toBeUndefined();
    expect(store.updateSecret("b", { rotated: true })).toBe(true);
    expect(store.getSecret("b")).toEqual({ key: "b", value: { rotated: true } });
    expect(store.deleteSecret("a")).toBe(true);
    expect(store.deleteSecret("a")).toBe(false);
    expect(store.read().secrets).toEqual([{ key: "b", value: { rotated: true } }]);
  });

  it("keeps keys it does not know and does not add a whitelist to a file without one", () => {
    write(JSON.stringify({ comment: "mine", secrets: [] }, null, 2));
    openSettingsStore(dir).setSecret("k", "v");
    expect(JSON.parse(readFileSync(file(), "utf8"))).toEqual({ comment: "mine", secrets: [{ key: "k", value: "v" }] });
  });

  it("treats an empty file as empty settings", () => {
    write("");
    const store = openSettingsStore(dir);
    expect(store.read()).toEqual({ secrets: [], whitelist: [] });
    store.setSecret("k", "v");
    expect(store.getSecret("k")?.value).toBe("v");
  });
});

describe("validation", () => {
  it("refuses bad secret names and values with badinput", () => {
    const store = openSettingsStore(dir);
    for (const key of ["", "has space", "a".repeat(101), "dots.are.bad", "ümlaut"]) {
      const error = thrown(() => store.setSecret(key, "v"));
      expect(httpStatusOf(error.code)).toBe(400);
      expect(error.code).toBe("com.liveperson.faas.es.badinput");
      expect(error.message).toMatch(/letters, digits/);
    }
    store.setSecret("a".repeat(100), "ok");
    // The store takes V2's limit (V1 and V2 functions share it; V1's toolbelt refuses over 10,000 itself).
    store.setSecret("max", "x".repeat(16_384));
    const tooLong = thrown(() => store.setSecret("long", "x".repeat(16_385)));
    expect(tooLong.message).toMatch(/16385 characters long; the limit is 16384/);
    expect(httpStatusOf(thrown(() => store.setSecret("obj", { big: "x".repeat(16_384) })).code)).toBe(400);
    expect(thrown(() => store.setSecret("fn", () => 1)).code).toBe("com.liveperson.faas.es.badinput");
    expect(httpStatusOf(thrown(() => store.setSecret("undef", undefined)).code)).toBe(400);
    expect(httpStatusOf(thrown(() => store.updateSecret("max", "x".repeat(16_385))).code)).toBe(400);
    expect(store.updateSecret("bad name", "v")).toBe(false);
  });

  it.each([
    ["api.example.com", "api.example.com"],
    ["API.Example.COM.", "api.example.com"],
    ["*.liveperson.com", "*.liveperson.com"],
    ["localhost", "localhost"],
    ["127.0.0.1", "127.0.0.1"],
    ["::1", "::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["  spaced.example.com  ", "spaced.example.com"],
  ])("accepts allowlist entry %j as %j", (entry, canonical) => {
    const store = openSettingsStore(dir);
    expect(store.addAllowlist(entry)).toBe(true);
    expect(store.listAllowlist()).toEqual([canonical]);
  });

  it.each([
    ["https://api.example.com/v1", /not a URL or a path: write "api.example.com"/],
    ["api.example.com/path", /write "api.example.com"/],
    [".example.com", /must not start with a dot: write "\*\.example\.com"/],
    ["*.*.example.com", /one "\*" only.*write "\*\.example\.com"/],
    ["api.*.example.com", /one "\*" only/],
    ["*", /every host/],
    ["api.example.com:8443", /port.*write "api.example.com"/],
    ["*.10.0.0.1", /wildcard with an IP address: write "10.0.0.1"/],
    ["bad_host-.example.com", /not a valid host name/],
    ["", /must not be empty/],
    ["two hosts.com", /spaces/],
    ["999.1.1.1", /neither a host name nor a valid IPv4/],
  ])("refuses allowlist entry %j, saying what to write", (entry, message) => {
    const error = thrown(() => openSettingsStore(dir).addAllowlist(entry));
    expect(httpStatusOf(error.code)).toBe(400);
    expect(error.code).toBe("com.liveperson.faas.es.badinput");
    expect(error.message).toMatch(message);
    expect(existsSync(file())).toBe(false);
  });

  it("refuses duplicates (compared canonically) and removes entries", () => {
    const store = openSettingsStore(dir);
    expect(store.addAllowlist("api.example.com")).toBe(true);
    expect(store.addAllowlist("API.example.com")).toBe(false);
    expect(store.addAllowlist("*.example.com")).toBe(true);
    expect(store.listAllowlist()).toEqual(["api.example.com", "*.example.com"]);
    expect(store.removeAllowlist("Api.Example.com")).toBe(true);
    expect(store.removeAllowlist("api.example.com")).toBe(false);
    expect(store.listAllowlist()).toEqual(["*.example.com"]);
  });
});

describe("a malformed settings.json", () => {
  const cases: Array<[string, string, number, number]> = [
    // [what, text, line, column]
    ["a trailing comma", '{\n    "secrets": [],\n    "whitelist": ["a.com",]\n}\n', 3, 27],
    ["a bare word (no position in Node's message)", '{\n    "secrets": [\n        { "key": "k", "value": tru }\n    ]\n}\n', 3, 35],
    ["a cut-off file", '{\n    "secrets": [\n', 3, 1],
    ["a missing colon", '{\n  "secrets" []\n}', 2, 13],
  ];

  it.each(cases)("names the line and column of %s and is never overwritten", (_what, text, line, column) => {
    write(text);
    const before = readFileSync(file());
    const store = openSettingsStore(dir);
    const error = thrown(() => store.read());
    expect(httpStatusOf(error.code)).toBe(422);
    expect(error.code).toBe("com.liveperson.faas.platform.invalid-project");
    expect(error.message).toContain(file());
    expect(error.message).toContain(`at line ${line}, column ${column}`);
    for (const attempt of [() => store.setSecret("k", "v"), () => store.addAllowlist("a.com"), () => store.deleteSecret("k"), () => store.getSecret("k")]) {
      expect(thrown(attempt).code).toBe("com.liveperson.faas.platform.invalid-project");
    }
    expect(readFileSync(file()).equals(before)).toBe(true);
    expect(readdirSync(join(dir, "functions"))).toEqual(["settings.json"]); // lock released, no temp file
  });

  it.each([
    ['["not", "an object"]', /must be a JSON object/],
    ['{ "secrets": {} }', /"secrets" must be an array/],
    ['{ "secrets": [{ "value": 1 }] }', /secrets\[0\] at line 1, column 15 must be an object/],
    ['{ "whitelist": [1] }', /whitelist\[0\] at line 1, column 17 must be a string/],
    ['{\n  "secrets": [\n    { "key": "k" }\n  ]\n}', /secrets\[0\] at line 3, column 5 \(key "k"\) has no "value"/],
    [
      '{ "secrets": [\n  { "key": "k", "value": 1 },\n  { "key": "k", "value": 2 }\n] }',
      /secrets\[1\] at line 3, column 3 repeats the key "k" of secrets\[0\] at line 2/,
    ],
  ])("refuses the wrong shape %s", (text, message) => {
    write(text);
    const error = thrown(() => openSettingsStore(dir).read());
    expect(error.code).toBe("com.liveperson.faas.platform.invalid-project");
    expect(error.message).toMatch(message);
  });
});

describe("concurrent writers", () => {
  const writer = join(__dirname, "testing", "settings-writer.cjs");
  const register = join(__dirname, "testing", "register-ts.cjs");
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });

  function run(...args: string[]): ChildProcess {
    const child = spawn(process.execPath, ["-r", register, writer, dir, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    return child;
  }
  const exited = (child: ChildProcess): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      let stderr = "";
      child.stderr!.on("data", (chunk) => (stderr += chunk));
      child.on("exit", (code) => resolve({ code, stderr }));
    });

  it("two processes racing 50 updates each lose none", async () => {
    openSettingsStore(dir).setSecret("existing", "kept");
    const results = await Promise.all([exited(run("race", "a", "50")), exited(run("race", "b", "50"))]);
    for (const result of results) expect(result).toEqual({ code: 0, stderr: "" });
    const data = JSON.parse(readFileSync(file(), "utf8")) as { secrets: Array<{ key: string }> };
    const keys = new Set(data.secrets.map((s) => s.key));
    expect(keys.size).toBe(101);
    for (let i = 0; i < 50; i++) expect(keys.has(`a-${i}`) && keys.has(`b-${i}`)).toBe(true);
    expect(readdirSync(join(dir, "functions"))).toEqual(["settings.json"]);
  }, 30_000);

  it("a writer killed while holding the lock leaves a valid file, and the next writer gets in at once", async () => {
    openSettingsStore(dir).setSecret("existing", "kept");
    for (let round = 0; round < 4; round++) {
      const child = run("loop");
      let stderr = "";
      child.stderr!.on("data", (chunk) => (stderr += chunk));
      await new Promise<void>((resolve, reject) => {
        child.stdout!.once("data", () => resolve());
        child.once("exit", (code) => reject(new Error(`the writer exited (${code}) before its first write: ${stderr}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
      const gone = child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once("exit", resolve)) : Promise.resolve();
      child.kill("SIGKILL");
      await gone;
      expect(child.signalCode, `the writer should have been killed, not have stopped: ${stderr}`).toBe("SIGKILL");

      const data = JSON.parse(readFileSync(file(), "utf8")) as { secrets: Array<{ key: string; value: string }> };
      expect(data.secrets.find((s) => s.key === "existing")?.value).toBe("kept");
      const started = Date.now();
      openSettingsStore(dir).setSecret(`after-${round}`, round); // takes over a lock left by the dead process
      expect(Date.now() - started).toBeLessThan(1000);
      expect(openSettingsStore(dir).getSecret(`after-${round}`)?.value).toBe(round);
    }
    const leftovers = readdirSync(join(dir, "functions")).filter((name) => name !== "settings.json");
    expect(leftovers).toEqual([]);
  }, 30_000);
});

describe("the lock file", () => {
  const lock = (): string => `${file()}.lock`;

  it("takes over a lock older than the stale limit", () => {
    write("{}");
    writeFileSync(lock(), "1 some-other-host token\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock(), old, old);
    openSettingsStore(dir).setSecret("k", "v");
    expect(existsSync(lock())).toBe(false);
  });

  it("waits for a live lock, then fails with 503 and says what to do", () => {
    write("{}");
    writeFileSync(lock(), `${process.pid + 1} some-other-host token\n`);
    // A fake clock: the lock's sleeps advance it, so the test waits for nothing.
    let now = Date.now();
    const sleeps: number[] = [];
    const clock = { now: () => now, sleep: (ms: number) => void (sleeps.push(ms), (now += ms)) };
    const started = now;
    const error = thrown(() => openSettingsStore(dir, { waitMs: 300, clock }).setSecret("k", "v"));
    expect(now - started).toBeGreaterThanOrEqual(300);
    expect(sleeps.length).toBeGreaterThan(10); // it kept trying until the deadline
    expect(Math.max(...sleeps)).toBeLessThan(30); // in short sleeps
    expect(httpStatusOf(error.code)).toBe(503);
    expect(error.code).toBe(PlatformErrorCodes.FileLocked);
    expect(error.message).toMatch(/delete the lock file/);
    expect(readFileSync(file(), "utf8")).toBe("{}");
    expect(existsSync(lock())).toBe(true); // not ours to remove
  });
});
