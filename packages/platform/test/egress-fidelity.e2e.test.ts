/**
 * One egress policy for every socket a function opens (lp-faas-toolbelt/worker),
 * on the real platform with real worker processes: raw `fetch`, `http.get` and
 * `net.connect` meet the allowlist as toolbelt calls do, `Toolbelt.configure()`
 * cannot loosen the platform's policy, and proxies get each scheme's form.
 * Targets are loopback servers on other addresses than the platform's
 * (127.0.0.2 allowlisted, 127.0.0.3 not) that count their connections.
 */
import { once } from "node:events";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { invoke, start, tempProject, type TempProject } from "./helpers";
import { startRecordingProxy, type RecordingProxy } from "./support/recording-proxy";

interface CountingServer {
  url: string;
  host: string;
  port: number;
  connections: number;
  close(): Promise<void>;
}

async function countingServer(host: string): Promise<CountingServer> {
  const server = http.createServer((req, res) => {
    const redirect = /^\/redirect\?to=(.+)$/.exec(req.url ?? "");
    if (redirect) res.writeHead(302, { location: decodeURIComponent(redirect[1]!) }).end();
    else res.end(`hello ${req.url}`);
  });
  const state = { connections: 0 };
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, host);
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A function doing one raw request of `kind` to `url`; answers `{ status, body }` or `{ error, code }`. */
const RAW_EGRESS = `
const http = require("node:http");
const net = require("node:net");
function viaHttp(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    }).on("error", reject);
  });
}
function viaNet(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write("GET /net HTTP/1.0\\r\\n\\r\\n"));
    let text = "";
    socket.on("data", (c) => (text += c));
    socket.on("end", () => resolve({ status: Number(text.split(" ")[1]), body: text.split("\\r\\n\\r\\n")[1] }));
    socket.on("error", reject);
  });
}
async function viaFetch(url) {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}
async function lambda({ payload }) {
  const run = { fetch: viaFetch, http: viaHttp, net: viaNet }[payload.kind];
  try {
    return await run(payload.url);
  } catch (error) {
    const cause = error.cause || error;
    return { error: String(cause.message), code: cause.code };
  }
}
module.exports = { lambda };
`;

/** Tries to loosen the policy from inside, then sends 30 requests at once with each client. */
const LOOSEN = `
const { Toolbelt } = require("lp-faas-toolbelt");
const http = require("node:http");
async function lambda({ payload: input }) {
  Toolbelt.configure({ allowlist: ["127.0.0.3"], rateLimit: false, platformUrl: "http://127.0.0.3:1" });
  process.env.LP_FAAS_RATE_LIMIT = "0";
  const client = Toolbelt.HTTPClient();
  let refused;
  try {
    await client({ uri: input.refused });
  } catch (error) {
    refused = String((error.cause || error).message);
  }
  const statuses = async (one) => (await Promise.all(Array.from({ length: 30 }, one))).sort();
  const viaClient = await statuses(() => client({ uri: input.allowed, simple: false, resolveWithFullResponse: true }).then((r) => r.statusCode));
  await new Promise((r) => setTimeout(r, 1100));
  const viaFetch = await statuses(() => fetch(input.allowed).then((r) => r.status));
  await new Promise((r) => setTimeout(r, 1100));
  const viaHttp = await statuses(() => new Promise((resolve, reject) => http.get(input.allowed, (res) => { res.resume(); resolve(res.statusCode); }).on("error", reject)));
  return { refused, viaClient, viaFetch, viaHttp };
}
module.exports = { lambda };
`;

/** HTTPClient and fetch through the function's own proxy variables. */
const PROXIED = `
const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda({ payload: input }) {
  const client = Toolbelt.HTTPClient();
  const out = [];
  for (const url of input.urls) {
    try {
      out.push(await client({ uri: url }));
    } catch (error) {
      out.push("error: " + String((error.cause || error).message));
    }
    try {
      out.push(await (await fetch(url)).text());
    } catch (error) {
      out.push("error: " + String((error.cause || error).message));
    }
  }
  return out;
}
module.exports = { lambda };
`;

/** Ten fetches at once. */
const BURST = `
async function lambda({ payload }) {
  return Promise.all(Array.from({ length: 10 }, () => fetch(payload.url).then((r) => r.status)));
}
module.exports = { lambda };
`;

let project: TempProject;
let platform: RunningPlatform;
let allowed: CountingServer;
let refused: CountingServer;
let bypassed: CountingServer;
let proxy: RecordingProxy;

beforeAll(async () => {
  allowed = await countingServer("127.0.0.2");
  refused = await countingServer("127.0.0.3");
  bypassed = await countingServer("127.0.0.4");
  proxy = await startRecordingProxy();
  project = tempProject();
  project.writeSettings({ secrets: [], whitelist: ["127.0.0.2", "127.0.0.4"] });
  project.addFunction("raw_egress", RAW_EGRESS);
  project.addFunction("loosen", LOOSEN);
  project.addFunction("proxied", PROXIED, {
    environmentVariables: [
      { key: "HTTP_PROXY", value: proxy.url },
      { key: "HTTPS_PROXY", value: proxy.url },
      { key: "NO_PROXY", value: "127.0.0.4" },
    ],
  });
  platform = await start(project, { timeoutMs: 10_000 });
});

afterAll(async () => {
  await platform?.close();
  await Promise.all([allowed, refused, bypassed, proxy].map((s) => s?.close()));
  project?.remove();
});

describe("raw sockets from a function pass the platform's allowlist", () => {
  it.each(["fetch", "http", "net"])("%s: a host off the allowlist is refused with no connection reaching it", async (kind) => {
    const before = refused.connections;
    const answer = await invoke(platform, "raw_egress", { kind, url: `${refused.url}/x` });
    const result = answer.body.result as { error?: string; code?: string };
    expect(result.error).toContain("Socket is closed");
    expect(result.error).toContain('"127.0.0.3"');
    expect(result.error).toContain("lp-faas allowlist add 127.0.0.3");
    expect(result.error).not.toContain("Toolbelt.configure");
    expect(result.code).toBe("com.liveperson.faas.egress.host-refused");
    expect(refused.connections).toBe(before);
  });

  it("fetch: a redirect from an allowlisted host to a refused one is refused at that hop", async () => {
    const before = refused.connections;
    const url = `${allowed.url}/redirect?to=${encodeURIComponent(`${refused.url}/landed`)}`;
    const answer = await invoke(platform, "raw_egress", { kind: "fetch", url });
    expect((answer.body.result as { error?: string }).error).toContain('Socket is closed: the egress policy refused "127.0.0.3"');
    expect(refused.connections).toBe(before);
  });

  it.each(["fetch", "http", "net"])("%s: an allowlisted host is reached", async (kind) => {
    const answer = await invoke(platform, "raw_egress", { kind, url: `${allowed.url}/ok` });
    expect(answer.body.result, JSON.stringify(answer.body)).toMatchObject({ status: 200, body: expect.stringMatching(/^hello \//) });
  });
});

describe("Toolbelt.configure() inside a function cannot loosen the platform's policy", () => {
  it("neither widens the allowlist nor lifts the 20 req/s limit shared by the toolbelt, fetch and http", async () => {
    const before = refused.connections;
    const answer = await invoke(platform, "loosen", { allowed: `${allowed.url}/burst`, refused: `${refused.url}/loosened` });
    const result = answer.body.result as { refused: string; viaClient: number[]; viaFetch: number[]; viaHttp: number[] };
    expect(answer.body.error).toBeUndefined();
    expect(result.refused).toContain("Socket is closed");
    expect(refused.connections).toBe(before);
    for (const statuses of [result.viaClient, result.viaFetch, result.viaHttp]) {
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
    }
    const warnings = (answer.body.logs ?? []).filter((l) => l.level === "Warn" && l.message.includes("Toolbelt.configure"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/"allowlist", "rateLimit", "platformUrl" ignored/);
  });
});

describe("proxies from a function's environment", () => {
  it("http:// arrives in absolute-URI form, NO_PROXY goes direct, and the platform's own traffic never uses them", async () => {
    const answer = await invoke(platform, "proxied", { urls: [`${allowed.url}/via-proxy`, `${bypassed.url}/direct`] });
    expect(answer.body.result).toEqual(["hello /via-proxy", "hello /via-proxy", "hello /direct", "hello /direct"]);
    expect(proxy.forwards).toEqual([`GET ${allowed.url}/via-proxy`, `GET ${allowed.url}/via-proxy`]);
    expect(proxy.tunnels).toEqual([]);
    expect(bypassed.connections).toBeGreaterThan(0);
  });

  it("https:// goes through CONNECT; a refused host never reaches the proxy", async () => {
    proxy.forwards.length = 0;
    const answer = await invoke(platform, "proxied", { urls: [`https://127.0.0.2:${allowed.port}/tls`, `${refused.url}/never`] });
    const result = answer.body.result as string[];
    // The target speaks plain HTTP, so TLS fails inside the tunnel; the tunnel itself is what is checked.
    expect(proxy.tunnels).toEqual([`127.0.0.2:${allowed.port}`, `127.0.0.2:${allowed.port}`]);
    expect(result[2]).toContain("Socket is closed");
    expect(result[3]).toContain("Socket is closed");
    expect(proxy.forwards).toEqual([]);
  });
});

describe("lp-faas dev --rate-limit", () => {
  it("reaches the workers, and a function's own LP_FAAS_RATE_LIMIT cannot override it", async () => {
    const limited = tempProject();
    limited.writeSettings({ secrets: [], whitelist: ["127.0.0.2"] });
    limited.addFunction("burst", BURST, { environmentVariables: [{ key: "LP_FAAS_RATE_LIMIT", value: "0" }] });
    const small = await start(limited, { rateLimitPerSecond: 3 });
    try {
      const answer = await invoke(small, "burst", { url: `${allowed.url}/burst` });
      const statuses = answer.body.result as number[];
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(4);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
    } finally {
      await small.close();
      limited.remove();
    }
  });
});
