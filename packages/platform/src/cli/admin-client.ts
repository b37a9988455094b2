/**
 * How a command calls the running platform's admin routes: the port found
 * like `invoke` finds it, the admin token read from the project's
 * `.lp-faas/admin-token`, and every failure said in words: no token file (the
 * platform never ran for this project), no platform on the port, a token the
 * platform refuses (it serves another project). Also reads a Server-Sent
 * Events body, event by event.
 */
import { PORT_ENV, DEFAULT_PORT } from "../defaults";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { adminTokenPath, readAdminToken } from "../project/admin-token";
import { findProjectDir, platformPort } from "./flags";
import { PlatformAnswerError, usageError, type CliIo } from "./output";

export interface AdminClient {
  readonly port: number;
  /** Sends `GET path` with the admin token; a non-2xx answer is thrown as the platform's error. */
  get(path: string, init?: { signal?: AbortSignal; accept?: string }): Promise<Response>;
}

export function createAdminClient(io: CliIo, flags: { port?: number; dir?: string }): AdminClient {
  const port = platformPort(io, flags.port);
  const projectDir = findProjectDir(io, flags.dir);
  const token = readAdminToken(projectDir);
  const tokenFile = adminTokenPath(projectDir);
  if (token === undefined) {
    throw new PlatformError(
      PlatformErrorCodes.AdminTokenMissing,
      `${tokenFile} does not exist: the platform has not run for this project yet; start it with lp-faas dev (or pass --dir <the project lp-faas dev serves>)`,
    );
  }
  const startHint = `start it with lp-faas dev${port === DEFAULT_PORT ? "" : ` --port ${port}`}`;
  return {
    port,
    async get(path, init = {}) {
      let response: Response;
      try {
        response = await fetch(`http://127.0.0.1:${port}${path}`, {
          headers: { authorization: `Bearer ${token}`, accept: init.accept ?? "application/json" },
          signal: init.signal,
        });
      } catch (error) {
        if ((error as Error).name === "AbortError") throw error;
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.code === "ECONNREFUSED") throw new PlatformError(PlatformErrorCodes.PlatformUnreachable, `no platform on port ${port}: ${startHint}`);
        const reason = cause?.message ?? (error as Error).message;
        if (reason === "bad port") throw usageError(`port ${port} is one that fetch refuses to call ("bad port"); run lp-faas dev on another port`);
        throw new PlatformError(PlatformErrorCodes.PlatformUnreachable, `the platform on port ${port} did not answer: ${reason}`);
      }
      if (response.ok) return response;
      const text = await response.text();
      let body: { code?: unknown; message?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        body = {};
      }
      if (typeof body.code !== "string") {
        throw new PlatformError(
          PlatformErrorCodes.PlatformUnreachable,
          `port ${port} answered HTTP ${response.status} with something that is not lp-faas; is another program using it? (set --port or ${PORT_ENV})`,
        );
      }
      if (body.code === PlatformErrorCodes.AdminForbidden || body.code === PlatformErrorCodes.AdminUnauthenticated) {
        throw new PlatformAnswerError(
          body.code,
          `the platform on port ${port} refuses the admin token in ${tokenFile}: it serves another project; pass --dir <its project> or --port <the port of this project's platform>`,
        );
      }
      throw new PlatformAnswerError(body.code, typeof body.message === "string" ? body.message : `the platform answered HTTP ${response.status}`);
    },
  };
}

export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/** The events of an SSE body (comments and `retry` skipped), in order, until it ends. */
export async function* readServerSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: ServerSentEvent = { event: "message", data: "" };
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(value);
        else if (field === "event") event.event = value;
        else if (field === "id") event.id = value;
      }
      if (data.length > 0) yield { ...event, data: data.join("\n") };
    }
  }
}
