/**
 * The Context Session Store end to end: the real toolbelt client
 * (`Toolbelt.ContextServiceClient`) against the platform's real store (SQLite
 * in a temp project), reached through CSDS (`mavenContext`) like in the cloud.
 *
 * The same suite runs against two platform instances (two projects, two
 * databases); a last block shows that nothing written to one is seen by the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SDKError, Toolbelt, type IFaaSContextServiceClient } from "lp-faas-toolbelt";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaffoldProject } from "../src/project/scaffold";
import { startPlatform, type RunningPlatform } from "../src/platform";
import { adminHeaders, invoke, start, tempProject, type TempProject } from "./helpers";

const CODE = "com.liveperson.context-service-sdk.";

interface Target {
  project: TempProject;
  platform: RunningPlatform;
  apiKey: string;
  /** The platform's context clock (ms), moved by tests instead of sleeping. */
  clock: { now: number };
}

async function createKey(platform: RunningPlatform, accountId = platform.accountId): Promise<string> {
  const response = await fetch(`${platform.url}/_platform/context/keys`, {
    method: "POST",
    headers: { "content-type": "application/json", ...adminHeaders(platform) },
    body: JSON.stringify({ accountId }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { apiKey: string; accountId: string };
  expect(body.accountId).toBe(accountId);
  return body.apiKey;
}

async function startTarget(): Promise<Target> {
  const project = tempProject();
  const clock = { now: Date.UTC(2026, 10, 28, 12, 0, 0) };
  const platform = await start(project, { now: () => clock.now });
  return { project, platform, apiKey: await createKey(platform), clock };
}

/** Points the toolbelt's CSDS lookups at `platform` (the configuration is process-wide). */
function useTarget(target: Target): IFaaSContextServiceClient {
  Toolbelt.configure({ brandId: target.platform.accountId, csdsDomain: target.platform.url, rateLimit: false });
  return Toolbelt.ContextServiceClient({ accountId: target.platform.accountId, apiKey: target.apiKey });
}

async function rejection(promise: Promise<unknown>): Promise<SDKError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to reject");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SDKError);
  return error as SDKError;
}

const VALUES = {
  text: "hello",
  jsonLookingText: "42",
  number: 3.25,
  zero: 0,
  flag: false,
  nothing: null,
  list: [1, "two", { three: 3 }],
  nested: { a: { b: { c: ["d"] } }, emoji: "☕ ünïcödé" },
};

function defineSuite(label: string): void {
  let target: Target;
  let client: IFaaSContextServiceClient;

  describe(`ContextServiceClient against the local store (${label})`, () => {
    beforeAll(async () => {
      target = await startTarget();
      client = useTarget(target);
    });
    afterAll(async () => {
      await target.platform.close();
      target.project.remove();
    });

    it("createNamespace returns the namespace, with its TTL when one is given", async () => {
      const before = target.clock.now;
      const plain = await client.createNamespace("orders");
      expect(plain.name).toBe("orders");
      expect(plain.createdAt).toBeInstanceOf(Date);
      expect(plain.createdAt.getTime()).toBe(before);
      expect(plain.ttlSecond).toBeUndefined();

      const timed = await client.createNamespace("carts", { ttl: 3600 });
      expect(timed).toMatchObject({ name: "carts", ttlSecond: 3600 });
    });

    it("createNamespace of an existing namespace neither throws nor recreates it", async () => {
      const first = await client.createNamespace("idempotent", { ttl: 60 });
      target.clock.now += 5_000;
      const again = await client.createNamespace("idempotent", { ttl: 999 });
      expect(again.createdAt.getTime()).toBe(first.createdAt.getTime());
      expect(again.ttlSecond).toBe(60);
    });

    it("refuses built-in namespaces and empty names before any request", async () => {
      for (const builtIn of ["faas", "consumer", "custom", "operational", "conversation"]) {
        expect((await rejection(client.createNamespace(builtIn))).code).toBe(`${CODE}parameter.invalid`);
        expect((await rejection(client.deleteNamespace(builtIn))).code).toBe(`${CODE}parameter.invalid`);
      }
      for (const bad of [null, undefined, ""] as unknown as string[]) {
        expect((await rejection(client.createNamespace(bad))).code).toBe(`${CODE}parameter.invalid`);
        expect((await rejection(client.deleteNamespace(bad))).code).toBe(`${CODE}parameter.invalid`);
      }
      expect((await rejection(client.createNamespace("bad-ttl", { ttl: 0 }))).code).toBe(`${CODE}parameter.invalid`);
      expect((await client.getListOfNamespaces()).map((n) => n.name)).not.toContain("bad-ttl");
    });

    it("getListOfNamespaces lists the custom namespaces only", async () => {
      const names = (await client.getListOfNamespaces()).map((n) => n.name);
      expect(names).toEqual(expect.arrayContaining(["orders", "carts", "idempotent"]));
      for (const builtIn of ["faas", "consumer", "custom", "operational", "conversation"]) expect(names).not.toContain(builtIn);
      const carts = (await client.getListOfNamespaces()).find((n) => n.name === "carts");
      expect(carts?.ttlSecond).toBe(3600);
      expect(carts?.createdAt).toBeInstanceOf(Date);
    });

    it("setPropertiesInNamespace stores on the default session and returns every property, values as given", async () => {
      const stored = await client.setPropertiesInNamespace("orders", VALUES);
      expect(stored).toEqual(VALUES);
      expect(await client.getAllPropertiesInSession("orders")).toEqual(VALUES);
      expect(await client.getAllPropertiesInSession("orders", "__default__")).toEqual(VALUES);
      for (const [name, value] of Object.entries(VALUES)) {
        expect(await client.getPropertyInSession("orders", name)).toEqual(value);
      }
      expect(await client.getListOfSessions("orders")).toContain("__default__");
    });

    it("set and update merge: named properties are replaced, the others kept, new ones created", async () => {
      await client.setPropertiesInNamespace("orders", { status: "open", total: 10 }, "conv-1");
      const updated = await client.updatePropertiesInNamespace("orders", { total: 12, currency: "EUR" }, "conv-1");
      expect(updated).toEqual({ status: "open", total: 12, currency: "EUR" });
      const set = await client.setPropertiesInNamespace("orders", { status: "closed" }, "conv-1");
      expect(set).toEqual({ status: "closed", total: 12, currency: "EUR" });
    });

    it("getSelectedPropertiesInSession returns the named properties and ignores missing ones", async () => {
      expect(await client.getSelectedPropertiesInSession("orders", ["status", "currency", "missing"], "conv-1")).toEqual({ status: "closed", currency: "EUR" });
      expect(await client.getSelectedPropertiesInSession("orders", ["text", "list"])).toEqual({ text: VALUES.text, list: VALUES.list });
    });

    it("an unknown session reads as empty; an unknown property or namespace is data.does-not-exist", async () => {
      expect(await client.getAllPropertiesInSession("orders", "never-written")).toEqual({});
      expect((await rejection(client.getPropertyInSession("orders", "missing", "conv-1"))).code).toBe(`${CODE}data.does-not-exist`);
      const unknown = await rejection(client.getAllPropertiesInSession("no-such-namespace"));
      expect(unknown.code).toBe(`${CODE}data.does-not-exist`);
    });

    it("deletePropertyInSession removes one property, and again does not throw", async () => {
      await client.deletePropertyInSession("orders", "currency", "conv-1");
      await client.deletePropertyInSession("orders", "currency", "conv-1");
      expect(await client.getAllPropertiesInSession("orders", "conv-1")).toEqual({ status: "closed", total: 12 });
      await client.deletePropertyInSession("orders", "flag");
      expect(await client.getAllPropertiesInSession("orders")).not.toHaveProperty("flag");
    });

    it("getListOfSessions and deleteSession; deleting a deleted session does not throw", async () => {
      await client.setPropertiesInNamespace("orders", { a: 1 }, "conv-2");
      expect((await client.getListOfSessions("orders")).sort()).toEqual(["__default__", "conv-1", "conv-2"]);
      await client.deleteSession("orders", "conv-2");
      await client.deleteSession("orders", "conv-2");
      expect((await client.getListOfSessions("orders")).sort()).toEqual(["__default__", "conv-1"]);
      expect(await client.getAllPropertiesInSession("orders", "conv-2")).toEqual({});
    });

    it("odd session ids and property names travel encoded and come back intact", async () => {
      const session = "visitor 42?x=1#frag%2F";
      const property = "a b&c=d;e";
      await client.setPropertiesInNamespace("orders", { [property]: "odd" }, session);
      expect(await client.getPropertyInSession("orders", property, session)).toBe("odd");
      expect(await client.getListOfSessions("orders")).toContain(session);
      await client.deleteSession("orders", session);
    });

    it("built-in namespaces hold sessions like any other", async () => {
      await client.setPropertiesInNamespace("faas", { seen: true }, "conv-9");
      expect(await client.getPropertyInSession("faas", "seen", "conv-9")).toBe(true);
    });

    it("deleteNamespace removes it with its sessions; deleting it again does not throw", async () => {
      await client.deleteNamespace("orders");
      await client.deleteNamespace("orders");
      expect((await client.getListOfNamespaces()).map((n) => n.name)).not.toContain("orders");
      expect((await rejection(client.getAllPropertiesInSession("orders", "conv-1"))).code).toBe(`${CODE}data.does-not-exist`);
      // A namespace created again with the same name starts empty.
      await client.createNamespace("orders");
      expect(await client.getListOfSessions("orders")).toEqual([]);
    });

    it("sessions of a namespace with a TTL expire: invisible at once, without waiting", async () => {
      await client.createNamespace("short", { ttl: 60 });
      await client.setPropertiesInNamespace("short", { step: 1 }, "s1");
      target.clock.now += 30_000;
      await client.updatePropertiesInNamespace("short", { step: 2 }, "s2");
      target.clock.now += 31_000; // s1 is 61 s old, s2 31 s
      expect(await client.getAllPropertiesInSession("short", "s1")).toEqual({});
      expect(await client.getListOfSessions("short")).toEqual(["s2"]);
      expect(await client.getPropertyInSession("short", "step", "s2")).toBe(2);
      // A write refreshes the expiry.
      await client.updatePropertiesInNamespace("short", { step: 3 }, "s2");
      target.clock.now += 59_000;
      expect(await client.getPropertyInSession("short", "step", "s2")).toBe(3);
      target.clock.now += 2_000;
      expect(await client.getListOfSessions("short")).toEqual([]);
      // A namespace without TTL keeps its sessions.
      expect(await client.getPropertyInSession("faas", "seen", "conv-9")).toBe(true);
    });

    it("concurrent updates of one session lose no property", async () => {
      await client.createNamespace("race");
      await Promise.all(Array.from({ length: 40 }, (_, i) => client.updatePropertiesInNamespace("race", { [`p${i}`]: i }, "shared")));
      const all = await client.getAllPropertiesInSession("race", "shared");
      expect(Object.keys(all)).toHaveLength(40);
      for (let i = 0; i < 40; i++) expect(all[`p${i}`]).toBe(i);
    });

    it("a wrong API key, or one of another account, is authorization.invalid", async () => {
      const wrong = Toolbelt.ContextServiceClient({ accountId: target.platform.accountId, apiKey: "not-a-key" });
      const error = await rejection(wrong.getListOfNamespaces());
      expect(error.code).toBe(`${CODE}authorization.invalid`);
      expect(String(error)).not.toContain("not-a-key");

      const otherKey = await createKey(target.platform, "99999999");
      const foreign = Toolbelt.ContextServiceClient({ accountId: target.platform.accountId, apiKey: otherKey });
      expect((await rejection(foreign.getAllPropertiesInSession("faas", "conv-9"))).code).toBe(`${CODE}authorization.invalid`);
    });

    it("accounts are isolated: another account sees none of this account's namespaces or sessions", async () => {
      const other = Toolbelt.ContextServiceClient({ accountId: "99999999", apiKey: await createKey(target.platform, "99999999") });
      expect(await other.getListOfNamespaces()).toEqual([]);
      expect(await other.getAllPropertiesInSession("faas", "conv-9")).toEqual({});
      await other.createNamespace("orders");
      await other.setPropertiesInNamespace("orders", { owner: "other" });
      expect(await client.getAllPropertiesInSession("orders")).toEqual({});
      expect(await other.getAllPropertiesInSession("orders")).toEqual({ owner: "other" });
    });
  });
}

defineSuite("instance A");
defineSuite("instance B");

describe("two store instances share nothing", () => {
  let a: Target;
  let b: Target;
  beforeAll(async () => {
    a = await startTarget();
    b = await startTarget();
  });
  afterAll(async () => {
    for (const t of [a, b]) {
      await t.platform.close();
      t.project.remove();
    }
  });

  it("a namespace, a session and a key of one instance do not exist in the other", async () => {
    const clientA = useTarget(a);
    await clientA.createNamespace("only-in-a");
    await clientA.setPropertiesInNamespace("faas", { where: "a" }, "shared-id");

    const clientB = useTarget(b);
    expect((await clientB.getListOfNamespaces()).map((n) => n.name)).not.toContain("only-in-a");
    expect(await clientB.getAllPropertiesInSession("faas", "shared-id")).toEqual({});
    // A's key means nothing to B.
    const withKeyOfA = Toolbelt.ContextServiceClient({ accountId: b.platform.accountId, apiKey: a.apiKey });
    expect((await rejection(withKeyOfA.getListOfNamespaces())).code).toBe(`${CODE}authorization.invalid`);

    const backToA = useTarget(a);
    expect(await backToA.getAllPropertiesInSession("faas", "shared-id")).toEqual({ where: "a" });
  });
});

describe("the scaffolded context_store example, as a function on the platform", () => {
  let dir: string;
  let platform: RunningPlatform;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lp-faas-context-example-"));
    scaffoldProject(join(dir, "p"));
    platform = await startPlatform({ projectDir: join(dir, "p"), port: 0, timeoutMs: 10_000, memoryMb: 256 });
  });
  afterAll(async () => {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("uses the key lp-faas init saved as the secret context-store-api-key, and keeps state between invocations", async () => {
    const first = await invoke(platform, "context_store", { conversationId: "conv-7", step: "greeted" });
    expect(first.body.error).toBeUndefined();
    expect(first.body.result).toEqual({ conversationId: "conv-7", session: { lastStep: "greeted", visits: 1 } });
    const second = await invoke(platform, "context_store", { conversationId: "conv-7", step: "asked" });
    expect(second.body.result).toEqual({ conversationId: "conv-7", session: { lastStep: "asked", visits: 2 } });
    expect(platform.contextStore.listNamespaces(platform.accountId).map((n) => n.name)).toEqual(["onboarding"]);
    expect(platform.contextStore.getNamespace(platform.accountId, "onboarding")?.ttlSecond).toBe(86_400);
  });
});
