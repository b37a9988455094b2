/**
 * A fake LivePerson for the V2 clients, one HTTP server on 127.0.0.1: CSDS
 * (every service's baseURI points back at it), Sentinel's OAuth2 token endpoint
 * (checks the client credentials, issues numbered tokens, can revoke them), and
 * whatever else a test routes (the MTLS gateway, faasGW, the context store).
 * `useV2Environment` points the V2 toolbelt at it: X_LIVEPERSON_BRAND_ID,
 * X_LIVEPERSON_CSDS_DOMAIN and the `LIVEPERSON_DEFAULT_APP_KEY` secret.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { configure, resetConfig } from "../../../src/config/resolve-config";
import { globalSecretCache } from "../../../src/v2/secrets/secret-cache";
import { startServer, type RecordedRequest } from "../../helpers/servers";

export type Route = (req: IncomingMessage & { body: Buffer }, res: ServerResponse, lp: FakeLivePersonV2) => void | Promise<void>;

export interface FakeLivePersonV2 {
  url: string;
  account: string;
  credentials: { client_id: string; client_secret: string };
  /** Every token issued, in order (`Bearer` type). */
  tokens: string[];
  /** Requests other than CSDS and Sentinel. */
  requests: RecordedRequest[];
  /** Token requests Sentinel answered. */
  tokenRequests: number;
  /** Domain API (CSDS) lookups answered. */
  csdsRequests: number;
  /** True when the request carries a token issued and not revoked. */
  isAuthorized(req: IncomingMessage): boolean;
  /** Invalidates every token issued so far. */
  revokeAll(): void;
  /** Handles every path but CSDS and Sentinel. */
  route: Route;
  close(): Promise<void>;
}

const SERVICES = ["sentinel", "mtlsGateway", "faasGW", "mavenContext"];

export async function startFakeLivePersonV2(account = "le12345678"): Promise<FakeLivePersonV2> {
  const revoked = new Set<string>();
  const lp: FakeLivePersonV2 = {
    url: "",
    account,
    credentials: { client_id: "client-v2", client_secret: "S3CRET-client-v2" },
    tokens: [],
    requests: [],
    tokenRequests: 0,
    csdsRequests: 0,
    isAuthorized(req) {
      const header = req.headers.authorization ?? "";
      const token = header.startsWith("Bearer ") ? header.slice(7) : "";
      return lp.tokens.includes(token) && !revoked.has(token);
    },
    revokeAll() {
      for (const token of lp.tokens) revoked.add(token);
    },
    route: (_req, res) => {
      res.statusCode = 404;
      res.end();
    },
    close: async () => undefined,
  };
  const server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === `/api/account/${account}/service/baseURI.json`) {
      lp.csdsRequests++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ baseURIs: SERVICES.map((service) => ({ service, account, baseURI: lp.url })) }));
      return;
    }
    if (url.pathname === `/sentinel/api/v2/account/${account}/app/token`) {
      lp.tokenRequests++;
      const form = new URLSearchParams(req.body.toString("utf8"));
      const ok =
        form.get("grant_type") === "client_credentials" &&
        form.get("client_id") === lp.credentials.client_id &&
        form.get("client_secret") === lp.credentials.client_secret;
      res.setHeader("content-type", "application/json");
      if (!ok) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: "invalid_client" }));
        return;
      }
      const token = `tok-${lp.tokens.length + 1}`;
      lp.tokens.push(token);
      res.end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: "3600" }));
      return;
    }
    lp.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: req.body });
    await lp.route(req, res, lp);
  });
  lp.url = server.url;
  lp.close = () => server.close();
  return lp;
}

/** Points the V2 toolbelt at `lp`; returns the undo. */
export function useV2Environment(lp: FakeLivePersonV2, secrets: Record<string, unknown> = { LIVEPERSON_DEFAULT_APP_KEY: lp.credentials }): () => void {
  const saved = { brand: process.env.X_LIVEPERSON_BRAND_ID, csds: process.env.X_LIVEPERSON_CSDS_DOMAIN };
  process.env.X_LIVEPERSON_BRAND_ID = lp.account;
  process.env.X_LIVEPERSON_CSDS_DOMAIN = lp.url;
  resetConfig();
  configure({ rateLimit: false, secrets: secrets as Record<string, object> });
  globalSecretCache.clear();
  return () => {
    for (const [name, value] of [
      ["X_LIVEPERSON_BRAND_ID", saved.brand],
      ["X_LIVEPERSON_CSDS_DOMAIN", saved.csds],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetConfig();
  };
}
