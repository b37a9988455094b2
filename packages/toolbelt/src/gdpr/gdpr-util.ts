/**
 * `Toolbelt.GDPRUtil()`: replaces the files of a conversation in LivePerson's
 * Swift object storage. One CSDS `swift` lookup and one login per
 * call; every history record is scanned (V2 read only the first); each path must stay
 * on the storage host (V2 appended it unchecked); a partial failure names the files that
 * were and were not replaced.
 */
import type { Conversation } from "../conversation/types";
import { createCsdsClient, type CsdsClient } from "../csds/csds-client";
import { getRequestCore, type CoreResponse, type RequestCore } from "../egress/request-core";
import { ErrorCodes, type ErrorCode } from "../errors/codes";
import { isToolbeltError, ToolbeltError } from "../errors/toolbelt-error";
import type { FileStorageCredentials, GDPRFailedFile, GDPRUtil, ReplacementFile } from "./types";

export const SWIFT_SERVICE = "swift";
export const BLACK_PIXEL_PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=";
const DEFAULT_TIMEOUT_MS = 30_000;
const EXCERPT = 200;

/** A fresh copy of the default replacement file (1×1 black PNG). */
export function defaultReplacementFile(): ReplacementFile {
  return { body: Buffer.from(BLACK_PIXEL_PNG_BASE64, "base64"), contentType: "image/png" };
}

/** The error for a partial (or total) replacement failure: says which files were and were not replaced. */
export class GDPRReplaceError extends ToolbeltError {
  readonly replaced: string[];
  readonly failed: GDPRFailedFile[];
  constructor(message: string, replaced: string[], failed: GDPRFailedFile[]) {
    super("GDPR-Util", ErrorCodes.GDPRUtil.ReplaceFileFailed, message);
    this.replaced = replaced;
    this.failed = failed;
  }
}

export interface GDPRUtilDeps {
  csds?: CsdsClient;
  core?: () => RequestCore;
  timeoutMs?: number;
}

function fail(code: ErrorCode, message: string, cause?: unknown): ToolbeltError {
  return new ToolbeltError("GDPR-Util", code, message, cause === undefined ? undefined : { cause });
}
const general = (message: string, cause?: unknown): ToolbeltError => fail(ErrorCodes.GDPRUtil.General, message, cause);

/** The HOSTED_FILE paths of every record, deduplicated, in order of appearance. */
export function hostedFilePaths(conversation: Conversation): string[] {
  if (!conversation || typeof conversation !== "object" || !Array.isArray(conversation.conversationHistoryRecords)) {
    throw general("Please provide conversation object.");
  }
  const records = conversation.conversationHistoryRecords;
  if (records.length === 0) return [];
  const withMessages = records.filter((record) => record && Array.isArray(record.messageRecords));
  if (withMessages.length === 0) throw general("No message records provided");
  const paths = new Set<string>();
  for (const record of withMessages) {
    for (const message of record.messageRecords!) {
      if (!message || message.type !== "HOSTED_FILE") continue;
      const path = message.messageData?.file?.relativePath;
      if (typeof path === "string" && path !== "") paths.add(path);
    }
  }
  return [...paths];
}

/**
 * `{base}{path}` when `path` is an absolute path that keeps the request on the
 * storage host; otherwise undefined (V2 appended any path: `@evil.tld/x`, `.evil.tld/x`,
 * `//evil.tld/x`, `/\evil.tld/x` would send the token elsewhere).
 */
export function objectUrl(base: string, path: string): URL | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (!path.startsWith("/") || /[\u0000-\u001f\u007f]/.test(path)) return undefined;
  let baseUrl: URL;
  let resolved: URL;
  let joined: URL;
  try {
    baseUrl = new URL(base);
    resolved = new URL(path, baseUrl);
    joined = new URL(`${base.replace(/\/+$/, "")}${path}`);
  } catch {
    return undefined;
  }
  for (const url of [resolved, joined]) {
    if (url.origin !== baseUrl.origin || url.username || url.password) return undefined;
  }
  return joined;
}

function excerpt(body: Buffer, secrets: string[]): string {
  let text = body.subarray(0, EXCERPT * 2).toString("utf8");
  for (const secret of secrets) if (secret) text = text.split(secret).join("[REDACTED]");
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

function reasonOf(error: unknown, secrets: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  let text = typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
  for (const secret of secrets) if (secret) text = text.split(secret).join("[REDACTED]");
  return text;
}

function headerValue(response: CoreResponse, name: string): string | undefined {
  const value = response.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() !== "" ? first.trim() : undefined;
}

function validate(credentials: FileStorageCredentials, shouldReplace: unknown, replacementFile: unknown): void {
  if (
    !credentials ||
    typeof credentials !== "object" ||
    typeof credentials.username !== "string" ||
    typeof credentials.password !== "string" ||
    !credentials.username ||
    !credentials.password
  ) {
    throw general("Please provide file storage credentials ({ username, password }).");
  }
  if (shouldReplace !== undefined && typeof shouldReplace !== "function") throw general("shouldReplace must be a function (path) => boolean.");
  if (replacementFile !== undefined) {
    // JavaScript callers can pass anything: check the shape, not the declared type.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const file = replacementFile as Partial<ReplacementFile> | null;
    if (!file || typeof file !== "object" || !(file.body instanceof Uint8Array) || typeof file.contentType !== "string" || file.contentType === "") {
      throw general("replacementFile must be { body: Buffer, contentType: string }.");
    }
  }
}

export function createGDPRUtil(deps: GDPRUtilDeps = {}): GDPRUtil {
  const csds = deps.csds ?? createCsdsClient();
  const core = deps.core ?? getRequestCore;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function login(base: string, credentials: FileStorageCredentials): Promise<string> {
    const secrets = [credentials.password];
    let response: CoreResponse;
    try {
      response = await core().send({
        url: new URL(`${base}/auth/v1.0`),
        method: "GET",
        headers: { "X-Auth-User": credentials.username, "X-Auth-Key": credentials.password },
        connectTimeoutMs: timeoutMs,
        readTimeoutMs: timeoutMs,
      });
    } catch (error) {
      throw fail(ErrorCodes.GDPRUtil.AuthFailure, `Authentication at the file storage failed: ${reasonOf(error, secrets)}`);
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw fail(
        ErrorCodes.GDPRUtil.AuthFailure,
        `Authentication failed with response: ${response.statusCode} ${response.statusMessage} ${JSON.stringify(excerpt(response.body, secrets))}`.trim(),
      );
    }
    const token = headerValue(response, "x-auth-token");
    if (!token) throw fail(ErrorCodes.GDPRUtil.AuthFailure, "No Auth token returned");
    return token;
  }

  async function put(url: URL, token: string, file: ReplacementFile, secrets: string[]): Promise<void> {
    let response: CoreResponse;
    try {
      response = await core().send({
        url,
        method: "PUT",
        headers: { "content-type": file.contentType, "x-auth-token": token },
        body: Buffer.from(file.body),
        connectTimeoutMs: timeoutMs,
        readTimeoutMs: timeoutMs,
      });
    } catch (error) {
      // No cause: the caught error may carry the credentials; reasonOf keeps what is safe to show.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(reasonOf(error, secrets));
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new Error(
        `File replacement failed with response: ${response.statusCode} ${response.statusMessage} ${JSON.stringify(excerpt(response.body, secrets))}`,
      );
    }
  }

  return {
    async replaceConversationFiles(conversation, credentials, shouldReplace, replacementFile) {
      const all = hostedFilePaths(conversation);
      validate(credentials, shouldReplace, replacementFile);
      const file = replacementFile ?? defaultReplacementFile();
      const selected: string[] = [];
      for (const path of all) {
        let keep: unknown;
        try {
          keep = shouldReplace ? shouldReplace(path) : true;
        } catch (error) {
          throw general(`shouldReplace threw for ${JSON.stringify(path)}: ${reasonOf(error, [])}`, error);
        }
        if (keep) selected.push(path);
      }
      if (selected.length === 0) return [];

      const base = await csds.getBaseUrl(SWIFT_SERVICE);
      const failed: GDPRFailedFile[] = [];
      const targets: Array<{ path: string; url: URL }> = [];
      for (const path of selected) {
        const url = objectUrl(base, path);
        if (url) targets.push({ path, url });
        else failed.push({ path, reason: 'refused: the path must start with a single "/" and stay on the file storage host' });
      }
      if (targets.length === 0) throw summary([], failed);

      let token: string;
      try {
        token = await login(base, credentials);
      } catch (error) {
        if (isToolbeltError(error)) throw error;
        throw general(`Unexpected error: ${reasonOf(error, [credentials.password])}`);
      }
      const secrets = [token, credentials.password];
      const results = await Promise.allSettled(targets.map((target) => put(target.url, token, file, secrets)));
      const replaced: string[] = [];
      results.forEach((result, index) => {
        const { path } = targets[index]!;
        if (result.status === "fulfilled") replaced.push(path);
        else failed.push({ path, reason: reasonOf(result.reason, secrets) });
      });
      if (failed.length > 0) throw summary(replaced, failed);
      return replaced;
    },
  };
}

function summary(replaced: string[], failed: GDPRFailedFile[]): GDPRReplaceError {
  const total = replaced.length + failed.length;
  const lines = failed.map((f) => `${f.path}: ${f.reason}`).join("; ");
  const done = replaced.length ? ` Replaced: ${replaced.join(", ")}.` : " No file was replaced.";
  return new GDPRReplaceError(`${failed.length} of ${total} files could not be replaced: ${lines}.${done}`, replaced, failed);
}
