/** The V2 Domain API client against a real server: the V2 environment, B15, local-scheme resolution. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createV2Csds } from "../../src/v2/csds/shared-csds";
import { ErrorCodes } from "../../src/v2/errors/codes";
import { ToolBeltError } from "../../src/v2/errors/toolbelt-error";
import { csdsBaseUrl } from "../../src/v2/runtime/env";
import { startSilentServer } from "../helpers/servers";
import { ACCOUNT, startFakeLivePerson, type FakeLivePerson } from "./fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "./v2-env";

let fake: FakeLivePerson;
beforeAll(async () => {
  fake = await startFakeLivePerson();
});
afterAll(() => fake.close());
afterEach(() => {
  clearV2Environment();
  fake.reset();
});

describe("V2 CsdsClient", () => {
  it("asks the Domain API named by X_LIVEPERSON_CSDS_DOMAIN for X_LIVEPERSON_BRAND_ID", async () => {
    useV2Environment(fake);
    const csds = createV2Csds();
    expect(await csds.get("msgHist")).toBe(fake.url);
    expect(await csds.getAll()).toContainEqual({ sentinel: fake.url });
    expect(fake.requestsTo("/api/account/").map((r) => r.url)).toEqual([`/api/account/${ACCOUNT}/service/baseURI.json?version=1.0`]);
  });

  it("B15: without X_LIVEPERSON_BRAND_ID it fails with a message and never asks for /account/undefined/", async () => {
    useV2Environment(fake);
    delete process.env.X_LIVEPERSON_BRAND_ID;
    const error = await createV2Csds()
      .get("msgHist")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolBeltError);
    expect(error).toMatchObject({
      code: ErrorCodes.Toolbelt.InvalidConfig,
      component: "CSDS-Client",
      message: expect.stringContaining("X_LIVEPERSON_BRAND_ID"),
    });
    expect(fake.server.requests).toEqual([]);
  });

  it("B15: a service is looked up among the records' own names, never Object.prototype's", async () => {
    useV2Environment(fake);
    const csds = createV2Csds();
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      await expect(csds.get(name)).rejects.toMatchObject({ code: ErrorCodes.Csds.NotFound, message: `Service "${name}" could not be found.` });
    }
  });

  it("B15: concurrent lookups share one request, and the answer is cached", async () => {
    useV2Environment(fake);
    const csds = createV2Csds();
    const hosts = await Promise.all(["msgHist", "smt", "swift", "sentinel", "msgHist"].map((s) => csds.get(s)));
    expect(new Set(hosts)).toEqual(new Set([fake.url]));
    await csds.get("faasGW");
    expect(fake.requestsTo("/api/account/")).toHaveLength(1);
  });

  it("B15: a Domain API that never answers fails with csds.op-failed after the timeout", async () => {
    const silent = await startSilentServer();
    try {
      useV2Environment(fake, `http://127.0.0.1:${silent.port}`);
      await expect(createV2Csds({ timeoutMs: 200 }).get("msgHist")).rejects.toMatchObject({ code: ErrorCodes.Csds.Failure, component: "CSDS-Client" });
    } finally {
      await silent.close();
    }
  });

  it("B16: a baseURI with a scheme is used as given, a bare one gets https:// (never http://https://)", async () => {
    useV2Environment(fake);
    const csds = createV2Csds();
    expect(await csds.get("schemed")).toBe("https://schemed.example:8443/");
    expect(await csds.baseUrl("schemed")).toBe("https://schemed.example:8443");
    expect(await csds.baseUrl("bare")).toBe("https://va.bare.example");
    expect(await csds.baseUrl("msgHist")).toBe(fake.url);
  });

  it("errors are ToolBeltErrors with the component in the stack, not in the message", async () => {
    useV2Environment(fake);
    const error = (await createV2Csds()
      .get("nope")
      .catch((e: unknown) => e)) as ToolBeltError;
    expect(error.name).toBe("ToolBeltError");
    expect(error.message).toBe('Service "nope" could not be found.');
    expect(String(error)).toBe('ToolBeltError: CSDS-Client: Service "nope" could not be found.');
  });
});

describe("X_LIVEPERSON_CSDS_DOMAIN", () => {
  it("defaults to https://api.liveperson.net", () => {
    clearV2Environment();
    expect(csdsBaseUrl()).toBe("https://api.liveperson.net");
  });

  it("is https:// for a bare host, used as given with a scheme", () => {
    process.env.X_LIVEPERSON_CSDS_DOMAIN = "va.csds.example";
    expect(csdsBaseUrl()).toBe("https://va.csds.example");
    process.env.X_LIVEPERSON_CSDS_DOMAIN = "http://127.0.0.1:7420/";
    expect(csdsBaseUrl()).toBe("http://127.0.0.1:7420");
  });

  it("takes the local platform's scheme when the bare host is the platform's (lp-faas)", async () => {
    useV2Environment(fake, `127.0.0.1:${fake.server.port}`);
    expect(csdsBaseUrl()).toBe(fake.url);
    expect(await createV2Csds().get("smt")).toBe(fake.url);
    process.env.X_LIVEPERSON_CSDS_DOMAIN = "10.0.0.1:7420";
    expect(csdsBaseUrl()).toBe("https://10.0.0.1:7420");
  });

  it("is http:// for another bare loopback host (a local Domain API has no TLS)", () => {
    clearV2Environment();
    for (const [domain, base] of [
      ["127.0.0.1:7420", "http://127.0.0.1:7420"],
      ["localhost:7420", "http://localhost:7420"],
      ["[::1]:7420", "http://[::1]:7420"],
    ]) {
      process.env.X_LIVEPERSON_CSDS_DOMAIN = domain;
      expect(csdsBaseUrl()).toBe(base);
    }
  });

  it("refuses a value that is neither a host nor an http(s) URL", () => {
    process.env.X_LIVEPERSON_CSDS_DOMAIN = "ftp://x/y";
    expect(() => csdsBaseUrl()).toThrow(expect.objectContaining({ code: ErrorCodes.Toolbelt.InvalidConfig }));
  });
});
