/**
 * Swift-style object storage, the file storage GDPRUtil
 * overwrites: `GET /auth/v1.0` trades `X-Auth-User`/`X-Auth-Key` for a token
 * when they match the project secret `swift-credentials`
 * (`{ "username": "...", "password": "..." }`, an object or a JSON string);
 * `PUT|GET|HEAD /v1/<account>/<container>/<object...>` with `x-auth-token` store
 * and return files under the platform's state folder's `files/` (default `.lp-faas/files/`) (content type kept).
 * Tokens live in memory only and expire (swift-tokens.ts). Two routers: the
 * auth endpoint (mounted at `/auth`) and the objects (mounted at `/v1`).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { readBody } from "../../http/body";
import { sendText } from "../../http/respond";
import { Router, type RouteContext } from "../../http/router";
import { writeFileAtomic } from "../../project/atomic-file";
import type { ServiceDeps } from "../deps";
import { MAX_PATH_SEGMENTS, objectFiles, objectSegments } from "./object-path";

export const SWIFT_CREDENTIALS_SECRET = "swift-credentials";
/** Largest object accepted (the platform's choice). */
export const MAX_OBJECT_BYTES = 20 * 1024 * 1024;

interface StoredMeta {
  contentType: string;
  etag: string;
  size: number;
  lastModified: number;
}

function credentialsOf(value: unknown): { username: string; password: string } | undefined {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const c = parsed as { username?: unknown; password?: unknown } | null;
  if (!c || typeof c !== "object" || typeof c.username !== "string" || typeof c.password !== "string" || !c.username || !c.password) return undefined;
  return { username: c.username, password: c.password };
}

/** Constant-time comparison of two texts of any length. */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

/** `GET /v1.0`, mounted at `/auth`: credentials in, token and storage URL out. */
export function createSwiftAuthRouter(deps: Pick<ServiceDeps, "settings" | "swiftTokens" | "baseUrl" | "accountId">): Router {
  return new Router().on("GET", "/v1.0", ({ req, res }) => {
    const user = req.headers["x-auth-user"];
    const key = req.headers["x-auth-key"];
    const expected = credentialsOf(deps.settings.getSecret(SWIFT_CREDENTIALS_SECRET)?.value);
    if (!expected || typeof user !== "string" || typeof key !== "string" || !(sameText(user, expected.username) && sameText(key, expected.password))) {
      const hint = expected ? "" : ` (no usable secret "${SWIFT_CREDENTIALS_SECRET}" { username, password } in functions/settings.json)`;
      sendText(res, 401, `401 Unauthorized: X-Auth-User / X-Auth-Key do not match${hint}`);
      return;
    }
    const token = deps.swiftTokens.issue();
    res.writeHead(200, {
      "x-auth-token": token,
      "x-storage-token": token,
      "x-auth-token-expires": String(Math.floor(deps.swiftTokens.ttlMs / 1000)),
      "x-storage-url": `${deps.baseUrl()}/v1/AUTH_${encodeURIComponent(deps.accountId)}`,
      "content-length": "0",
    });
    res.end();
  });
}

export interface ObjectStorageOptions {
  now?: () => number;
  maxObjectBytes?: number;
}

/** `PUT|GET|HEAD /<account>/<container>/<object...>`, mounted at `/v1`. */
export function createObjectStorageRouter(deps: Pick<ServiceDeps, "stateDir" | "swiftTokens">, options: ObjectStorageOptions = {}): Router {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxObjectBytes ?? MAX_OBJECT_BYTES;
  const root = join(deps.stateDir, "files");

  async function put(req: IncomingMessage, segments: string[], res: RouteContext["res"]): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, maxBytes);
    } catch {
      sendText(res, 413, `413 Request Entity Too Large: the limit is ${maxBytes} bytes`);
      return;
    }
    const meta: StoredMeta = {
      contentType: typeof req.headers["content-type"] === "string" && req.headers["content-type"] ? req.headers["content-type"] : "application/octet-stream",
      etag: createHash("md5").update(body).digest("hex"),
      size: body.length,
      lastModified: now(),
    };
    const files = objectFiles(root, segments);
    writeFileAtomic(files.content, body, { createDirs: true });
    writeFileAtomic(files.meta, JSON.stringify(meta), { createDirs: true });
    res.writeHead(201, { etag: meta.etag, "content-length": "0" });
    res.end();
  }

  async function handleObject({ req, res, url }: RouteContext): Promise<void> {
    if (!deps.swiftTokens.isValid(req.headers["x-auth-token"])) {
      req.resume();
      sendText(res, 401, "401 Unauthorized: a valid x-auth-token is required (GET /auth/v1.0)");
      return;
    }
    const segments = objectSegments(url.pathname);
    if (!segments) {
      req.resume();
      sendText(res, 400, "400 Bad Request: invalid object path");
      return;
    }
    if (req.method === "PUT") return put(req, segments, res);
    const files = objectFiles(root, segments);
    if (!existsSync(files.content) || !existsSync(files.meta)) {
      sendText(res, 404, "404 Not Found");
      return;
    }
    const meta = JSON.parse(readFileSync(files.meta, "utf8")) as StoredMeta;
    const headers = { "content-type": meta.contentType, etag: meta.etag, "last-modified": new Date(meta.lastModified).toUTCString() };
    if (req.method === "HEAD") {
      res.writeHead(200, { ...headers, "content-length": String(meta.size) });
      res.end();
      return;
    }
    const body = readFileSync(files.content);
    res.writeHead(200, { ...headers, "content-length": String(body.length) });
    res.end(body);
  }

  const router = new Router();
  // The router matches whole segments only: one pattern per depth.
  for (let depth = 2; depth <= MAX_PATH_SEGMENTS; depth++) {
    const pattern = `/${Array.from({ length: depth }, (_, i) => `:s${i}`).join("/")}`;
    for (const method of ["PUT", "GET", "HEAD"]) router.on(method, pattern, handleObject);
  }
  return router;
}
