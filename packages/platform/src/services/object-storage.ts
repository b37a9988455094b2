/**
 * Swift-style object storage (spec/wire.md §6), the file storage GDPRUtil
 * overwrites: `GET /auth/v1.0` trades `X-Auth-User`/`X-Auth-Key` for a token
 * when they match the project secret `swift-credentials`
 * (`{ "username": "...", "password": "..." }`, an object or a JSON string);
 * `PUT|GET|HEAD /v1/<account>/<container>/<object...>` with `x-auth-token` store
 * and return files under the project's `.lp-faas/files/` (content type kept).
 * Tokens live in memory only and expire.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import type { SettingsStore } from "../project/types";
import { readBody } from "../server/http-kit";
import type { RouteContext, Router } from "../server/router";

export const SWIFT_CREDENTIALS_SECRET = "swift-credentials";
/** Largest object accepted (the platform's choice). */
export const MAX_OBJECT_BYTES = 20 * 1024 * 1024;
export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Deepest object path accepted below `/v1/`. */
export const MAX_PATH_SEGMENTS = 16;

export interface ObjectStorageDeps {
  projectDir: string;
  settings: SettingsStore;
  baseUri: () => string;
  accountId: string;
  now?: () => number;
  tokenTtlMs?: number;
  maxObjectBytes?: number;
}

interface StoredMeta {
  contentType: string;
  etag: string;
  size: number;
  lastModified: number;
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
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

function sameText(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The decoded segments of `/v1/...`, or undefined when any is empty, a dot segment, or unsafe on disk. */
export function objectSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith("/v1/")) return undefined;
  const raw = pathname.slice(4).split("/");
  if (raw.length < 2 || raw.length > MAX_PATH_SEGMENTS) return undefined;
  const out: string[] = [];
  for (const part of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (segment === "" || segment === "." || segment === ".." || /[/\\\u0000-\u001f\u007f]/.test(segment) || Buffer.byteLength(segment) > 255) return undefined;
    out.push(segment);
  }
  return out;
}

export function registerObjectStorageRoutes(router: Router, deps: ObjectStorageDeps): void {
  const now = deps.now ?? Date.now;
  const ttl = deps.tokenTtlMs ?? TOKEN_TTL_MS;
  const maxBytes = deps.maxObjectBytes ?? MAX_OBJECT_BYTES;
  const tokens = new Map<string, number>();
  const root = join(deps.projectDir, ".lp-faas", "files");

  // Each segment is stored percent-encoded: no separator, no dot segment and no odd character reaches the file system.
  const objectFile = (segments: string[]): string => join(root, "objects", ...segments.map((s) => encodeURIComponent(s).replace(/\./g, "%2E")));
  const metaFile = (segments: string[]): string => join(root, "meta", ...segments.map((s) => encodeURIComponent(s).replace(/\./g, "%2E"))) + ".json";

  function validToken(token: unknown): boolean {
    if (typeof token !== "string" || token === "") return false;
    const expires = tokens.get(token);
    if (expires === undefined) return false;
    if (expires <= now()) {
      tokens.delete(token);
      return false;
    }
    return true;
  }

  router.on("GET", "/auth/v1.0", ({ req, res }) => {
    const user = req.headers["x-auth-user"];
    const key = req.headers["x-auth-key"];
    const expected = credentialsOf(deps.settings.getSecret(SWIFT_CREDENTIALS_SECRET)?.value);
    if (!expected || typeof user !== "string" || typeof key !== "string" || !(sameText(user, expected.username) && sameText(key, expected.password))) {
      const hint = expected ? "" : ` (no usable secret "${SWIFT_CREDENTIALS_SECRET}" { username, password } in functions/settings.json)`;
      plain(res, 401, `401 Unauthorized: X-Auth-User / X-Auth-Key do not match${hint}`);
      return;
    }
    for (const [token, expires] of tokens) if (expires <= now()) tokens.delete(token);
    const token = `AUTH_tk${randomBytes(24).toString("hex")}`;
    tokens.set(token, now() + ttl);
    res.writeHead(200, {
      "x-auth-token": token,
      "x-storage-token": token,
      "x-auth-token-expires": String(Math.floor(ttl / 1000)),
      "x-storage-url": `${deps.baseUri()}/v1/AUTH_${encodeURIComponent(deps.accountId)}`,
      "content-length": "0",
    });
    res.end();
  });

  async function handleObject({ req, res, url }: RouteContext): Promise<void> {
    const method = req.method ?? "GET";
    if (!validToken(req.headers["x-auth-token"])) {
      req.resume();
      plain(res, 401, "401 Unauthorized: a valid x-auth-token is required (GET /auth/v1.0)");
      return;
    }
    const segments = objectSegments(url.pathname);
    if (!segments) {
      req.resume();
      plain(res, 400, "400 Bad Request: invalid object path");
      return;
    }
    if (method === "PUT") {
      let body: Buffer;
      try {
        body = await readBody(req, maxBytes);
      } catch {
        plain(res, 413, `413 Request Entity Too Large: the limit is ${maxBytes} bytes`);
        return;
      }
      const meta: StoredMeta = {
        contentType: typeof req.headers["content-type"] === "string" && req.headers["content-type"] ? req.headers["content-type"] : "application/octet-stream",
        etag: createHash("md5").update(body).digest("hex"),
        size: body.length,
        lastModified: now(),
      };
      for (const [file, data] of [[objectFile(segments), body], [metaFile(segments), Buffer.from(JSON.stringify(meta))]] as const) {
        mkdirSync(join(file, ".."), { recursive: true });
        const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
        writeFileSync(temp, data);
        renameSync(temp, file);
      }
      res.writeHead(201, { etag: meta.etag, "content-length": "0" });
      res.end();
      return;
    }
    const file = objectFile(segments);
    const metaPath = metaFile(segments);
    if (!existsSync(file) || !existsSync(metaPath)) {
      plain(res, 404, "404 Not Found");
      return;
    }
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as StoredMeta;
    const headers = {
      "content-type": meta.contentType,
      "content-length": String(meta.size),
      etag: meta.etag,
      "last-modified": new Date(meta.lastModified).toUTCString(),
    };
    if (method === "HEAD") {
      res.writeHead(200, headers);
      res.end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { ...headers, "content-length": String(body.length) });
    res.end(body);
  }

  // The router matches whole segments only: one pattern per depth below /v1/.
  for (let depth = 2; depth <= MAX_PATH_SEGMENTS; depth++) {
    const pattern = `/v1/${Array.from({ length: depth }, (_, i) => `:s${i}`).join("/")}`;
    for (const method of ["PUT", "GET", "HEAD"]) router.on(method, pattern, handleObject);
  }
}
