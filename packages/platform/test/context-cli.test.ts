/**
 * `lp-faas context ...` through the CLI's main entry, on real temp projects and
 * their real `.lp-faas/state.db`; data is seeded and checked through the store.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "./run-cli";
import { DEFAULT_ACCOUNT_ID } from "../src/defaults";
import { createContextStore } from "../src/state/context-store";
import type { ContextStore } from "../src/state/context-types";
import { openStateDb, stateDbPath } from "../src/state/db";

let base: string;
let project: string;

const run = (args: string[], cwd = project): Promise<CliRun> => runCli(args, { cwd });

/** Runs `use` on the project's store (creating state.db), then closes it. */
function withStore<T>(dir: string, use: (store: ContextStore) => T, now?: () => number): T {
  const db = openStateDb(stateDbPath(dir));
  try {
    return use(createContextStore(db, now ? { now } : {}));
  } finally {
    db.close();
  }
}

const HOUR = 3600_000;

/** Two namespaces of the platform's account (one with a TTL and an expired session), one of another account. */
function seed(dir: string): void {
  // A clock a second further at each read: creation order is listing order.
  let clock = Date.now() - 10 * 60_000;
  withStore(
    dir,
    (store) => {
      store.createNamespace(DEFAULT_ACCOUNT_ID, "onboarding", 86_400);
      store.createNamespace(DEFAULT_ACCOUNT_ID, "carts");
      store.mergeProperties(DEFAULT_ACCOUNT_ID, "onboarding", "conv-1", { step: "greeted", visits: 2, tags: ["a", "b"] });
      store.mergeProperties(DEFAULT_ACCOUNT_ID, "onboarding", "conv-2", { step: "asked" });
      store.mergeProperties(DEFAULT_ACCOUNT_ID, "onboarding", "__default__", { shared: { on: true } });
      store.mergeProperties(DEFAULT_ACCOUNT_ID, "faas", "s1", { builtIn: 1 });
      store.createNamespace("99999999", "other", 3600);
      store.mergeProperties("99999999", "other", "x", { foreign: true });
    },
    () => (clock += 1000),
  );
  // Written two days ago in a namespace whose sessions live one day: expired.
  withStore(
    dir,
    (store) => store.mergeProperties(DEFAULT_ACCOUNT_ID, "onboarding", "old", { stale: true }),
    () => Date.now() - 48 * HOUR,
  );
}

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), "lp-faas-context-cli-"));
  project = base;
  expect((await run(["init", "p"], base)).code).toBe(0);
  project = join(base, "p");
  // Every test starts without a state database (whatever init may provision in it).
  rmSync(join(project, ".lp-faas"), { recursive: true, force: true });
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe("lp-faas context keys", () => {
  it("creates a key (shown once), lists ids only, and revokes it", async () => {
    const created = await run(["context", "keys", "create", "--json"]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const key = created.json();
    expect(key).toEqual({ accountId: DEFAULT_ACCOUNT_ID, apiKey: expect.any(String), keyId: expect.any(String), createdAt: expect.any(String) });
    expect(Number.isFinite(Date.parse(key.createdAt))).toBe(true);
    expect(withStore(project, (store) => store.accountOfApiKey(key.apiKey))).toBe(DEFAULT_ACCOUNT_ID);

    const text = await run(["context", "keys", "create", "--account", "99999999"]);
    expect(text.code).toBe(0);
    const apiKey = /^ {2}(\S+)$/m.exec(text.stdout)![1]!;
    expect(text.stdout).toContain("for account 99999999");
    expect(text.stdout).toContain(`lp-faas secrets set context-store-api-key ${apiKey}`);
    expect(withStore(project, (store) => store.accountOfApiKey(apiKey))).toBe("99999999");

    const list = await run(["context", "keys", "list", "--json"]);
    expect(list.code).toBe(0);
    const keys = list.json() as Array<{ keyId: string; accountId: string; createdAt: string }>;
    expect(keys.map((k) => k.accountId).sort()).toEqual([DEFAULT_ACCOUNT_ID, "99999999"]);
    for (const k of keys) expect(Object.keys(k)).toEqual(["keyId", "accountId", "createdAt"]);
    expect(list.stdout).not.toContain(key.apiKey);
    expect((await run(["context", "keys", "list", "--account", "99999999", "--json"])).json()).toHaveLength(1);
    const human = await run(["context", "keys", "list"]);
    expect(human.stdout).toMatch(/^KEY ID +ACCOUNT +CREATED\n/);
    expect(human.stdout).toContain(key.keyId);
    expect(human.stdout).not.toContain(key.apiKey);
    expect(human.stdout).not.toContain(apiKey);

    // --account on revoke: only that account's keys.
    const wrongAccount = await run(["context", "keys", "revoke", key.keyId, "--account", "99999999", "--json"]);
    expect(wrongAccount.code).toBe(1);
    expect(wrongAccount.json().error.message).toMatch(/There is no API key .* in account 99999999/);

    expect((await run(["context", "keys", "revoke", key.keyId, "--json"])).json()).toEqual({ keyId: key.keyId, accountId: DEFAULT_ACCOUNT_ID, revoked: true });
    expect(withStore(project, (store) => store.accountOfApiKey(key.apiKey))).toBeUndefined();
    const again = await run(["context", "keys", "revoke", key.keyId]);
    expect(again).toMatchObject({ code: 1, stdout: "" });
    expect(again.stderr).toMatch(/^Error: There is no API key \w+ \(see lp-faas context keys list\)/);
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect((await run(["context", "keys", "list", "--json"])).json()).toHaveLength(1);
  });

  it("says how to create a key when there is none", async () => {
    const list = await run(["context", "keys", "list"]);
    expect(list).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^No Context Session Store API keys in .* \(create one with lp-faas context keys create\)\.\n$/),
    });
    expect((await run(["context", "keys", "list", "--json"])).json()).toEqual([]);
  });
});

describe("reading a project without state.db", () => {
  it("shows empty results and creates nothing", async () => {
    const dbPath = stateDbPath(project);
    expect(existsSync(dbPath)).toBe(false);
    expect((await run(["context", "keys", "list", "--json"])).json()).toEqual([]);
    expect((await run(["context", "namespaces", "--json"])).json()).toEqual([]);
    expect((await run(["context", "namespaces"])).stdout).toMatch(/^No namespaces in account 12345678/);
    expect((await run(["context", "sessions", "faas", "--json"])).json()).toEqual([]);
    expect((await run(["context", "properties", "faas", "--json"])).json()).toEqual({});
    expect((await run(["context", "export", "faas", "--json"])).json()).toMatchObject({ format: "lp-faas-context-namespace", sessions: {} });
    const missing = await run(["context", "sessions", "onboarding", "--json"]);
    expect(missing.code).toBe(1);
    expect((await run(["context", "keys", "revoke", "abc"])).code).toBe(1);
    expect(existsSync(dbPath)).toBe(false);
    expect(existsSync(join(project, ".lp-faas"))).toBe(false);
    // A write creates it.
    expect((await run(["context", "keys", "create", "--json"])).code).toBe(0);
    expect(existsSync(dbPath)).toBe(true);
  });
});

describe("namespaces, sessions, properties", () => {
  beforeEach(() => seed(project));

  it("lists the account's namespaces with their TTL", async () => {
    const list = await run(["context", "namespaces", "--json"]);
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.json()).toEqual([
      { name: "onboarding", createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), ttlSecond: 86_400 },
      { name: "carts", createdAt: expect.any(String) },
    ]);
    const text = await run(["context", "namespaces"]);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +CREATED +TTL$/);
    expect(lines[1]).toMatch(/^onboarding +\d{4}-\d\d-\d\d \d\d:\d\d UTC +86400 s \(1 d\)$/);
    expect(lines[2]).toMatch(/^carts +.* UTC +none$/);
    expect((await run(["context", "namespaces", "--account", "99999999", "--json"])).json()).toEqual([
      { name: "other", createdAt: expect.any(String), ttlSecond: 3600 },
    ]);
    expect((await run(["context", "namespaces", "--account", "55555555", "--json"])).json()).toEqual([]);
  });

  it("lists live sessions only", async () => {
    expect((await run(["context", "sessions", "onboarding", "--json"])).json()).toEqual(["conv-1", "conv-2", "__default__"]);
    expect((await run(["context", "sessions", "onboarding"])).stdout).toBe("conv-1\nconv-2\n__default__\n");
    expect((await run(["context", "sessions", "faas", "--json"])).json()).toEqual(["s1"]);
    expect((await run(["context", "sessions", "carts"])).stdout).toBe('No live sessions in namespace "carts" of account 12345678.\n');
    expect((await run(["context", "sessions", "other", "--account", "99999999", "--json"])).json()).toEqual(["x"]);
  });

  it("prints a session's properties, the default session without an id", async () => {
    const one = await run(["context", "properties", "onboarding", "conv-1", "--json"]);
    expect(one).toMatchObject({ code: 0, stderr: "" });
    expect(one.json()).toEqual({ step: "greeted", visits: 2, tags: ["a", "b"] });
    expect((await run(["context", "properties", "onboarding", "conv-1"])).stdout).toBe(`${JSON.stringify(one.json(), null, 2)}\n`);
    expect((await run(["context", "properties", "onboarding", "--json"])).json()).toEqual({ shared: { on: true } });
    // Expired or unknown: {} (and a note on stderr in text mode).
    expect((await run(["context", "properties", "onboarding", "old", "--json"])).json()).toEqual({});
    const unknown = await run(["context", "properties", "onboarding", "nope"]);
    expect(unknown).toMatchObject({ code: 0, stdout: "{}\n" });
    expect(unknown.stderr).toMatch(/session "nope" of namespace "onboarding" has no properties/);
  });

  it("fails with exit code 1 and a hint for an unknown namespace", async () => {
    for (const args of [
      ["sessions", "nope"],
      ["properties", "nope"],
      ["export", "nope"],
    ]) {
      const text = await run(["context", ...args]);
      expect(text, args.join(" ")).toMatchObject({ code: 1, stdout: "" });
      expect(text.stderr).toBe(
        'Error: There is no namespace "nope" in account 12345678 (see lp-faas context namespaces) (com.liveperson.faas.platform.not-found)\n',
      );
      const json = await run(["context", ...args, "--json"]);
      expect(json.code).toBe(1);
      expect(json.json()).toEqual({
        error: { code: "com.liveperson.faas.platform.not-found", message: expect.stringContaining('There is no namespace "nope"') },
      });
    }
    // Namespaces belong to their account.
    const foreign = await run(["context", "sessions", "other", "--json"]);
    expect(foreign.code).toBe(1);
    const other = await run(["context", "sessions", "onboarding", "--account", "99999999"]);
    expect(other.stderr).toContain("in account 99999999 (see lp-faas context namespaces --account 99999999)");
  });
});

describe("export and import", () => {
  let second: string;
  beforeEach(async () => {
    seed(project);
    expect((await run(["init", "q"], base)).code).toBe(0);
    second = join(base, "q");
    rmSync(join(second, ".lp-faas"), { recursive: true, force: true });
  });

  it("reproduces a namespace in another project", async () => {
    const stdout = await run(["context", "export", "onboarding"]);
    expect(stdout).toMatchObject({ code: 0, stderr: "" });
    const document = JSON.parse(stdout.stdout);
    expect(document).toEqual(withStore(project, (store) => store.exportNamespace(DEFAULT_ACCOUNT_ID, "onboarding")));
    expect(document).toMatchObject({
      format: "lp-faas-context-namespace",
      version: 1,
      accountId: DEFAULT_ACCOUNT_ID,
      namespace: { name: "onboarding", ttlSecond: 86_400 },
    });
    expect(Object.keys(document.sessions)).toEqual(["conv-1", "conv-2", "__default__"]); // not the expired one
    // --json without --out: the document itself.
    expect((await run(["context", "export", "onboarding", "--json"])).json()).toEqual(document);

    const written = await run(["context", "export", "onboarding", "--out", "../onboarding.json", "--json"]);
    expect(written).toMatchObject({ code: 0, stderr: "" });
    const file = join(base, "onboarding.json");
    expect(written.json()).toEqual({ accountId: DEFAULT_ACCOUNT_ID, namespace: "onboarding", sessions: 3, file });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(document);
    expect(readdirSync(base).filter((name) => name.includes(".tmp"))).toEqual([]);
    // Replaced atomically when it exists; human output names the file.
    const again = await run(["context", "export", "onboarding", "-o", file]);
    expect(again.stdout).toMatch(/^Exported namespace "onboarding" of account 12345678 \(3 sessions\) to \.\.\/onboarding\.json\n$/);

    const imported = await run(["context", "import", file, "--dir", second, "--json"]);
    expect(imported).toMatchObject({ code: 0, stderr: "" });
    expect(imported.json()).toEqual({ accountId: DEFAULT_ACCOUNT_ID, namespace: "onboarding", sessions: 3 });
    expect((await run(["context", "namespaces", "--json"], second)).json()).toEqual([
      { name: "onboarding", createdAt: document.namespace.createdAt, ttlSecond: 86_400 },
    ]);
    // Imported in one transaction, at one time: listed by id.
    expect((await run(["context", "sessions", "onboarding", "--json"], second)).json()).toEqual(["__default__", "conv-1", "conv-2"]);
    expect((await run(["context", "properties", "onboarding", "conv-1", "--json"], second)).json()).toEqual({ step: "greeted", visits: 2, tags: ["a", "b"] });
    expect((await run(["context", "export", "onboarding"], second)).json()).toEqual(document);
  });

  it("imports under another name and account, merging into what exists", async () => {
    const file = join(base, "ns.json");
    expect((await run(["context", "export", "onboarding", "--out", file])).code).toBe(0);
    withStore(second, (store) => {
      store.createNamespace("777", "renamed");
      store.mergeProperties("777", "renamed", "conv-1", { step: "old", kept: true });
    });
    const text = await run(["context", "import", file, "--namespace", "renamed", "--account", "777"], second);
    expect(text).toMatchObject({ code: 0, stderr: "" });
    expect(text.stdout).toMatch(/^Imported 3 sessions into namespace "renamed" of account 777 \(\.lp-faas\/state\.db\)\n$/);
    // The existing namespace keeps its (absent) TTL; named properties replaced, others kept.
    expect((await run(["context", "namespaces", "--account", "777", "--json"], second)).json()).toEqual([{ name: "renamed", createdAt: expect.any(String) }]);
    expect((await run(["context", "properties", "renamed", "conv-1", "--account", "777", "--json"], second)).json()).toEqual({
      step: "greeted",
      kept: true,
      visits: 2,
      tags: ["a", "b"],
    });
    expect((await run(["context", "namespaces", "--json"], second)).json()).toEqual([]);
  });

  it("refuses a file that is not JSON, an invalid document and a missing file", async () => {
    const dbPath = stateDbPath(second);
    writeFileSync(join(base, "broken.json"), '{\n  "format": "lp-faas-context-namespace",\n  "version": 1,\n}\n');
    const broken = await run(["context", "import", "../broken.json"], second);
    expect(broken).toMatchObject({ code: 2, stdout: "" });
    expect(broken.stderr).toMatch(/^Error: \.\.\/broken\.json is not JSON: unexpected "}" at line 4, column 1\n/);
    writeFileSync(join(base, "truncated.json"), '{ "format": ');
    const truncated = await run(["context", "import", join(base, "truncated.json"), "--json"], second);
    expect(truncated.code).toBe(2);
    expect(truncated.json()).toEqual({
      error: {
        code: "com.liveperson.faas.cli.usage",
        message: expect.stringMatching(/truncated\.json is not JSON: unexpected end of the file at line 1, column 13$/),
      },
    });

    const missing = await run(["context", "import", "nope.json", "--json"], second);
    expect(missing.code).toBe(2);
    expect(missing.json().error.message).toBe("nope.json cannot be read: it does not exist");
    expect(existsSync(dbPath)).toBe(false); // nothing to write, nothing created

    writeFileSync(
      join(base, "wrong.json"),
      JSON.stringify({
        format: "lp-faas-context-namespace",
        version: 2,
        accountId: "1",
        namespace: { name: "n", createdAt: "2024-01-01T00:00:00.000Z" },
        sessions: {},
      }),
    );
    const wrong = await run(["context", "import", join(base, "wrong.json"), "--json"], second);
    expect(wrong.code).toBe(1);
    expect(wrong.json()).toEqual({ error: { code: "com.liveperson.faas.es.badinput", message: '"version" must be 1, not 2' } });
    writeFileSync(join(base, "array.json"), "[]");
    const array = await run(["context", "import", join(base, "array.json")], second);
    expect(array).toMatchObject({ code: 1, stdout: "" });
    expect(array.stderr).toMatch(/^Error: The import must be a JSON object/);
    const badSession = {
      format: "lp-faas-context-namespace",
      version: 1,
      accountId: "1",
      namespace: { name: "n", createdAt: "2024-01-01T00:00:00.000Z" },
      sessions: { s: { a: 1 }, t: 5 },
    };
    writeFileSync(join(base, "session.json"), JSON.stringify(badSession));
    const session = await run(["context", "import", join(base, "session.json"), "--json"], second);
    expect(session.code).toBe(1);
    expect(session.json().error.message).toMatch(/"sessions\.t"/);
    // Nothing of a refused import is kept.
    expect((await run(["context", "namespaces", "--account", "1", "--json"], second)).json()).toEqual([]);
  });

  it("fails with exit code 1 when --out cannot be written", async () => {
    const result = await run(["context", "export", "onboarding", "--out", join(base, "no-such-folder", "x.json"), "--json"]);
    expect(result.code).toBe(1);
    expect(result.json().error.message).toMatch(/^cannot write .*x\.json: its folder .*no-such-folder does not exist$/);
    expect(existsSync(join(base, "no-such-folder"))).toBe(false);
  });
});

describe("usage and help", () => {
  it.each([
    [["context"], /Usage: lp-faas context/],
    [["context", "keys"], /Usage: lp-faas context keys/],
    [["context", "nope"], /unknown command 'nope'/],
    [["context", "namespaces", "--account", "no way"], /an account id is 1-64 letters, digits/],
    [["context", "keys", "create", "--account", ""], /an account id is/],
    [["context", "sessions"], /missing required argument 'namespace'/],
    [["context", "sessions", "bad.name"], /a namespace name is 1-100 letters, digits/],
    [["context", "properties", "ns", "a/b"], /a session id is 1-256 characters, without "\/"/],
    [["context", "properties", "ns", "s", "extra"], /too many arguments/],
    [["context", "export", "--out", "f.json"], /missing required argument 'namespace'/],
    [["context", "import"], /missing required argument 'file'/],
    [["context", "import", "f.json", "--namespace", "a b"], /a namespace name is/],
    [["context", "keys", "revoke"], /missing required argument 'keyId'/],
    [["context", "keys", "list", "--bogus"], /unknown option '--bogus'/],
  ])("exits 2 on bad usage: %j", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    const json = await run([...args, "--json"]);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe("");
    expect(json.json()).toEqual({ error: { code: "com.liveperson.faas.cli.usage", message: expect.any(String) } });
  });

  it("prints help for every command, with the platform's account as the default", async () => {
    expect((await run(["--help"])).stdout).toMatch(/\n {2}context +manage the Context Session Store/);
    for (const args of [
      [],
      ["keys"],
      ["keys", "create"],
      ["keys", "list"],
      ["keys", "revoke"],
      ["namespaces"],
      ["sessions"],
      ["properties"],
      ["export"],
      ["import"],
    ]) {
      const help = await run(["context", ...args, "--help"]);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.stdout, args.join(" ")).toMatch(/^Usage: lp-faas context/);
    }
    expect((await run(["context", "namespaces", "--help"])).stdout).toContain(`--account <id>   the account (default: the platform's, ${DEFAULT_ACCOUNT_ID})`);
    expect((await run(["context", "keys", "create", "--help"])).stdout).toContain("lp-faas secrets set context-store-api-key <key>");
  });

  it("fails outside a project", async () => {
    const result = await run(["context", "namespaces", "--json"], base);
    expect(result.code).toBe(1);
    expect(result.json().error.code).toBe("com.liveperson.faas.cli.project-missing");
  });
});
