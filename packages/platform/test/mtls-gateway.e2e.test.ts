/**
 * The emulated LP MTLS gateway end to end: a real mTLS server on 127.0.0.1
 * (certificates made by openssl at test time; it requires a client
 * certificate of its CA), a real platform, a bearer token from its Sentinel,
 * certificates registered with `lp-faas mtls add`, and calls shaped as
 * V2's LPMtlsClient sends them.
 */
import { once } from "node:events";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { openSettingsStore } from "../src/project/settings-store";
import { adminFetch, start, tempProject, type TempProject } from "./helpers";
import { CLIENT_CN, makeGatewayPki, registerClientCertificate, type GatewayPki } from "./mtls-gateway-pki";
import { runCli } from "./run-cli";

const CLIENT = { client_id: "mtls-e2e-client", client_secret: "mtls e2e secret" };

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  clientCn: string | undefined;
}

let pki: GatewayPki;
let project: TempProject;
let platform: RunningPlatform;
let target: https.Server;
let targetPort: number;
let token: string;
let seen: Seen[] = [];
let handshakeErrors: string[] = [];

beforeAll(async () => {
  pki = makeGatewayPki();
  target = https.createServer(
    { key: pki.read("server.key"), cert: pki.read("server.crt"), ca: [pki.read("ca.crt")], requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          clientCn: [peer?.subject?.CN].flat()[0],
        });
        const status = req.url === "/teapot" ? 418 : 200;
        res.writeHead(status, { "content-type": "application/json", "x-target": "reached", connection: "close" });
        res.end(JSON.stringify({ answeredBy: "target", path: req.url }));
      });
    },
  );
  target.on("tlsClientError", (error: Error) => handshakeErrors.push(error.message));
  target.listen(0, "127.0.0.1");
  await once(target, "listening");
  targetPort = (target.address() as AddressInfo).port;

  project = tempProject();
  project.addFunction("noop", "function lambda(input, callback) { callback(null, {}); }");
  project.writeSettings({ secrets: [{ key: "LIVEPERSON_DEFAULT_APP_KEY", value: CLIENT }], whitelist: ["127.0.0.1", "localhost"] });
  platform = await start(project);

  const answer = await fetch(`${platform.url}/sentinel/api/v2/account/${platform.accountId}/app/token?v=2.0`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...CLIENT, grant_type: "client_credentials" }).toString(),
  });
  expect(answer.status).toBe(200);
  token = ((await answer.json()) as { access_token: string }).access_token;

  await registerClientCertificate(pki, project.dir);
}, 60_000);

afterAll(async () => {
  await platform?.close();
  target?.closeAllConnections();
  await new Promise((resolve) => target?.close(resolve));
  project?.remove();
  pki?.remove();
});

beforeEach(() => {
  seen = [];
  handshakeErrors = [];
});

/** A call as LPMtlsClient makes it; `headers` replace or add to those defaults (undefined removes one). */
async function gateway(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string | undefined> } = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const headers: Record<string, string | undefined> = {
    "LP-stop-if-certificate-not-found": "true",
    "LP-service-name": "FAAS",
    "LP-forward-url": url,
    "X-Request-Id": "e2e-mtls",
    Authorization: `Bearer ${token}`,
    ...options.headers,
  };
  const response = await fetch(`${platform.url}/mtls/account/${platform.accountId}`, {
    method: options.method ?? "GET",
    headers: Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    ...(options.body !== undefined && { body: options.body }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const targetUrl = (host: string, path = "/resource?q=1") => `https://${host}:${targetPort}${path}`;

describe("forwarding with the registered client certificate", () => {
  it("calls the target with the host's certificate and answers with the target's status, headers and body", async () => {
    const answer = await gateway(targetUrl("127.0.0.1"), {
      method: "POST",
      body: JSON.stringify({ order: 42 }),
      headers: { "Content-Type": "application/json", "X-Custom": "kept" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-target")).toBe("reached");
    expect(JSON.parse(answer.text)).toEqual({ answeredBy: "target", path: "/resource?q=1" });
    expect(seen).toHaveLength(1);
    const [call] = seen;
    expect(call!.clientCn).toBe(CLIENT_CN);
    expect(call!.method).toBe("POST");
    expect(call!.body).toBe('{"order":42}');
    expect(call!.headers["content-type"]).toBe("application/json");
    expect(call!.headers["x-custom"]).toBe("kept");
    expect(call!.headers["x-request-id"]).toBe("e2e-mtls");
    // The gateway's own token and its control headers stay with the gateway.
    expect(call!.headers.authorization).toBeUndefined();
    for (const name of Object.keys(call!.headers)) expect(name).not.toMatch(/^lp-/);
  });

  it("passes the target's error status on as it is", async () => {
    const answer = await gateway(targetUrl("127.0.0.1", "/teapot"));
    expect(answer.status).toBe(418);
    expect(answer.headers.get("lp-message-from-transport")).toBeNull();
    expect(seen[0]!.clientCn).toBe(CLIENT_CN);
  });

  it("forwards other methods too (PUT, HEAD without a body)", async () => {
    expect((await gateway(targetUrl("127.0.0.1"), { method: "PUT", body: "plain text", headers: { "Content-Type": "text/plain" } })).status).toBe(200);
    const head = await gateway(targetUrl("127.0.0.1"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(seen.map((call) => [call.method, call.body, call.headers["content-type"]])).toEqual([
      ["PUT", "plain text", "text/plain"],
      ["HEAD", "", undefined],
    ]);
  });

  it("sends LP-authorization-override to the target as its Authorization", async () => {
    const answer = await gateway(targetUrl("127.0.0.1"), { headers: { "LP-authorization-override": "Basic dGFyZ2V0OnNlY3JldA==" } });
    expect(answer.status).toBe(200);
    expect(seen[0]!.headers.authorization).toBe("Basic dGFyZ2V0OnNlY3JldA==");
  });
});

describe("hosts without a certificate", () => {
  it("answers 400 naming the host and lp-faas mtls add when the call says to stop", async () => {
    const answer = await gateway(targetUrl("localhost"));
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text) as { code: string; message: string };
    expect(body.code).toBe("com.liveperson.faas.platform.mtls-no-certificate");
    expect(body.message).toContain("localhost");
    expect(body.message).toContain("lp-faas mtls add localhost --cert");
    expect(seen).toEqual([]);
    expect(handshakeErrors).toEqual([]);
  });

  it("calls without a certificate otherwise, and the target's refusal comes back as lp-message-from-transport", async () => {
    const answer = await gateway(targetUrl("localhost"), { headers: { "LP-stop-if-certificate-not-found": undefined } });
    expect(answer.status).toBe(502);
    const message = answer.headers.get("lp-message-from-transport");
    expect(message).toContain("mTLS gateway could not reach localhost:");
    expect(message).toContain("no client certificate is registered");
    expect(JSON.parse(answer.text)).toMatchObject({ code: "com.liveperson.faas.platform.mtls-transport-failed", message });
    expect(seen).toEqual([]);
  });

  it("reports the target refusing a client certificate of another CA as a transport failure", async () => {
    const register = (cert: string, key: string) =>
      runCli(["mtls", "add", "localhost", "--cert", pki.path(cert), "--key", pki.path(key), "--ca", pki.path("ca.crt")], { cwd: project.dir });
    expect((await register("foreign-client.crt", "foreign-client.key")).code).toBe(0);
    try {
      const refused = await gateway(targetUrl("localhost"));
      expect(refused.status).toBe(502);
      expect(refused.headers.get("lp-message-from-transport")).toMatch(/^mTLS gateway could not reach localhost:\d+: /);
      expect(seen).toEqual([]);
      expect(handshakeErrors.length).toBeGreaterThan(0);
      // Same host, same CA, only the client certificate changed: the target accepts it, so the refusal was the certificate's.
      expect((await register("client.crt", "client.key")).code).toBe(0);
      const accepted = await gateway(targetUrl("localhost"));
      expect(accepted.status).toBe(200);
      expect(seen.map((call) => call.clientCn)).toEqual([CLIENT_CN]);
    } finally {
      expect((await runCli(["mtls", "remove", "localhost"], { cwd: project.dir })).code).toBe(0);
    }
  });

  it("reports a refused connection as a transport failure", async () => {
    const closed = https.createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const answer = await gateway(`https://127.0.0.1:${port}/`);
    expect(answer.status).toBe(502);
    expect(answer.headers.get("lp-message-from-transport")).toContain("the connection was refused");
  });
});

describe("the egress allowlist", () => {
  it("refuses a target that is not allowlisted, as a function's own request is refused, naming lp-faas allowlist add", async () => {
    const answer = await gateway("https://not-allowed.example/path");
    expect(answer.status).toBe(502);
    const message = answer.headers.get("lp-message-from-transport")!;
    expect(message).toContain("not-allowed.example");
    expect(message).toContain("lp-faas allowlist add not-allowed.example");
  });

  it("applies an allowlist change at the next call", async () => {
    const settings = openSettingsStore(project.dir);
    expect(settings.removeAllowlist("127.0.0.1")).toBe(true);
    try {
      const refused = await gateway(targetUrl("127.0.0.1"));
      expect(refused.status).toBe(502);
      expect(refused.headers.get("lp-message-from-transport")).toContain("lp-faas allowlist add 127.0.0.1");
      expect(seen).toEqual([]);
    } finally {
      settings.addAllowlist("127.0.0.1");
    }
    expect((await gateway(targetUrl("127.0.0.1"))).status).toBe(200);
  });
});

describe("the gateway's own checks", () => {
  it("answers 401 with a Bearer challenge without a token, with an unknown one, or with OAuth 1.0a", async () => {
    for (const authorization of [undefined, "Bearer not-a-token-the-platform-issued", 'OAuth oauth_consumer_key="x"']) {
      const answer = await gateway(targetUrl("127.0.0.1"), { headers: { Authorization: authorization } });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="/);
      expect(JSON.parse(answer.text)).toMatchObject({ code: "com.liveperson.faas.es.unauthorized" });
    }
    expect(seen).toEqual([]);
  });

  it("answers 400 for a missing, relative or non-https LP-forward-url", async () => {
    for (const url of [undefined, "/relative", `http://127.0.0.1:${targetPort}/`, "https://user:pw@127.0.0.1/"]) {
      const answer = await gateway(url ?? "", { headers: { "LP-forward-url": url } });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ code: "com.liveperson.faas.platform.mtls-bad-forward-url" });
    }
    expect(seen).toEqual([]);
  });

  it("is the mtlsGateway CSDS names", async () => {
    const csds = (await (await fetch(`${platform.url}/api/account/${platform.accountId}/service/baseURI.json?version=1.0`)).json()) as {
      baseURIs: Array<{ service: string; baseURI: string }>;
    };
    expect(csds.baseURIs.find((entry) => entry.service === "mtlsGateway")?.baseURI).toBe(platform.url);
  });
});

describe("the admin API /_platform/mtls", () => {
  it("lists, adds and removes certificates with the admin token only, never answering key material", async () => {
    expect((await fetch(`${platform.url}/_platform/mtls`)).status).toBe(401);
    const listed = await adminFetch(platform, "/_platform/mtls");
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(JSON.parse(text).certificates).toEqual([expect.objectContaining({ host: "127.0.0.1", hasCa: true, subject: `CN=${CLIENT_CN}` })]);
    expect(text).not.toContain("PRIVATE KEY");

    const mismatched = await adminFetch(platform, "/_platform/mtls/localhost", {
      method: "PUT",
      body: JSON.stringify({ cert: pki.read("client.crt"), key: pki.read("foreign-client.key") }),
    });
    expect(mismatched.status).toBe(400);
    expect(await mismatched.json()).toMatchObject({ code: "com.liveperson.faas.platform.mtls-key-mismatch" });

    const created = await adminFetch(platform, "/_platform/mtls/LocalHost.", {
      method: "PUT",
      body: JSON.stringify({ cert: pki.read("client.crt"), key: pki.read("client.key") }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { certificate: unknown }).certificate).toMatchObject({ host: "localhost", hasCa: false });
    expect((await adminFetch(platform, "/_platform/mtls/localhost", { method: "DELETE" })).status).toBe(204);
    expect((await adminFetch(platform, "/_platform/mtls/localhost", { method: "DELETE" })).status).toBe(404);
  });
});
