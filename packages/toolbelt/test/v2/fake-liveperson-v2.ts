/**
 * A fake LivePerson for the V2 entry, on 127.0.0.1 over plain http: the Domain
 * API (every service's baseURI is this server), Sentinel's client credentials
 * grant, the platform's secrets API (`/_platform/secrets/:key`), and API routes
 * that accept only a live Bearer token. Every request is recorded.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { startServer, type RecordedRequest, type TestServer } from "../helpers/servers";

export const ACCOUNT = "70071528";
export const CLIENT = { client_id: "id-1", client_secret: "secret-1" };

export type ApiHandler = (req: IncomingMessage & { body: Buffer }, res: ServerResponse) => void | Promise<void>;

export interface FakeLivePerson {
  server: TestServer;
  url: string;
  /** Tokens Sentinel issued, in order. */
  issued: string[];
  /** Tokens the APIs accept (issued ones, until revoked). */
  live: Set<string>;
  /** Secrets served by `/_platform/secrets/:key`. */
  secrets: Map<string, unknown>;
  /** Overrides Sentinel's answer (status and JSON body). */
  sentinelAnswer?: (token: string) => { status: number; body: unknown };
  /** Answers API requests whose Bearer token is live (default: echo). */
  api: ApiHandler;
  /** Answers requests without a Bearer token (file storage: `/auth/v1.0`, object paths); 404 by default. */
  storage: ApiHandler;
  /** Answers the Context Session Store (`/v1/account/…`, authenticated by `maven-api-key`, not a token); 404 by default. */
  contextStore: ApiHandler;
  /** Delay (ms) before the secrets API answers. */
  secretDelayMs: number;
  /** Requests to a path starting with `prefix`. */
  requestsTo(prefix: string): RecordedRequest[];
  /** Between tests: forgets the requests and puts back every default a test may override (handlers, Sentinel's answer, the app key, the delay). */
  reset(): void;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

export async function startFakeLivePerson(): Promise<FakeLivePerson> {
  let counter = 0;
  const defaults = () => ({
    sentinelAnswer: undefined,
    secretDelayMs: 0,
    storage: ((_req, res) => json(res, 404, { error: "no storage in this test" })) as ApiHandler,
    contextStore: ((_req, res) => json(res, 404, { message: "no context store in this test" })) as ApiHandler,
    api: ((req, res) => json(res, 200, { method: req.method, url: req.url, headers: req.headers, body: req.body.toString("utf8") })) as ApiHandler,
  });
  const fake: Omit<FakeLivePerson, "server" | "url" | "requestsTo" | "close" | "reset"> = {
    issued: [],
    live: new Set(),
    secrets: new Map<string, unknown>([["LIVEPERSON_DEFAULT_APP_KEY", { ...CLIENT }]]),
    ...defaults(),
  };
  const server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const csds = /^\/api\/account\/([^/]+)\/service\/baseURI\.json$/.exec(url.pathname);
    if (csds && req.method === "GET") {
      const services = ["sentinel", "msgHist", "smt", "swift", "faasGW", "mtlsGateway", "mavenContext", "auditLog"];
      const records = services.map((service) => ({ service, account: csds[1], baseURI: `http://127.0.0.1:${server.port}` }));
      records.push(
        { service: "schemed", account: csds[1], baseURI: "https://schemed.example:8443/" },
        { service: "bare", account: csds[1], baseURI: "va.bare.example" },
      );
      return json(res, 200, { baseURIs: records });
    }
    if (url.pathname === `/sentinel/api/v2/account/${ACCOUNT}/app/token` && req.method === "POST") {
      const form = new URLSearchParams(req.body.toString("utf8"));
      const ok =
        form.get("client_id") === CLIENT.client_id && form.get("client_secret") === CLIENT.client_secret && form.get("grant_type") === "client_credentials";
      if (!ok || req.headers["content-type"] !== "application/x-www-form-urlencoded") return json(res, 401, { error: "invalid_client" });
      const token = `tok-${++counter}`;
      fake.issued.push(token);
      fake.live.add(token);
      const answer = fake.sentinelAnswer?.(token) ?? { status: 200, body: { access_token: token, token_type: "Bearer", expires_in: "3600" } };
      return json(res, answer.status, answer.body);
    }
    if (url.pathname === "/_platform/allowlist") return json(res, 200, { entries: [] });
    const secret = /^\/_platform\/secrets\/([^/]+)$/.exec(url.pathname);
    if (secret) {
      if (fake.secretDelayMs) await new Promise((resolve) => setTimeout(resolve, fake.secretDelayMs));
      const key = decodeURIComponent(secret[1]!);
      if (key === "broken") return json(res, 500, { code: "com.liveperson.faas.platform.internal", message: "disk on fire" });
      if (!fake.secrets.has(key))
        return json(res, 404, { code: "com.liveperson.faas.secret.not-found", message: `There is no secret ${key} for this account` });
      if (req.method === "PUT") {
        const { value } = JSON.parse(req.body.toString("utf8")) as { value: unknown };
        fake.secrets.set(key, value);
        return json(res, 200, { key, value });
      }
      return json(res, 200, { key, value: fake.secrets.get(key) });
    }
    if (url.pathname === "/auth/v1.0" || url.pathname.startsWith("/storage/")) return (fake as FakeLivePerson).storage(req, res);
    if (url.pathname.startsWith("/v1/account/")) return (fake as FakeLivePerson).contextStore(req, res);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !fake.live.has(bearer)) return json(res, 401, { error: "invalid_token" });
    return (fake as FakeLivePerson).api(req, res);
  });
  const full: FakeLivePerson = Object.assign(fake, {
    server,
    url: server.url,
    requestsTo: (prefix: string) => server.requests.filter((r) => r.url.startsWith(prefix)),
    close: () => server.close(),
    reset: () => {
      server.requests.length = 0;
      fake.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", { ...CLIENT });
      Object.assign(fake, defaults());
    },
  });
  return full;
}
