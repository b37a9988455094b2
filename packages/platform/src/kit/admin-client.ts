/**
 * The kit's HTTP client: every kit call goes through the platform's
 * documented HTTP API, with the admin token, as `lp-faas` and users do.
 */
import { PlatformErrorCodes } from "../errors";
import { errorFromAnswer, PlatformApiError } from "./platform-api-error";

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface AdminClient {
  /** The answer of a 2xx; a `PlatformApiError` otherwise (or for the statuses in `accept`, the answer as it came). */
  request<T>(method: string, path: string, options?: { body?: unknown; accept?: readonly number[] }): Promise<Answer<T>>;
}

export function createAdminClient(baseUrl: string, adminToken: string): AdminClient {
  return {
    async request<T>(method: string, path: string, options: { body?: unknown; accept?: readonly number[] } = {}): Promise<Answer<T>> {
      const what = `${method} ${path}`;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${adminToken}`,
            ...(options.body !== undefined && { "content-type": "application/json" }),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
      } catch (error) {
        throw new PlatformApiError(PlatformErrorCodes.PlatformUnreachable, `${what}: the platform at ${baseUrl} did not answer (closed?)`, 0, {
          cause: error,
        });
      }
      const text = await response.text();
      let body: unknown = undefined;
      if (text !== "") {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = text;
        }
      }
      if (!response.ok && !(options.accept ?? []).includes(response.status)) throw errorFromAnswer(response.status, body, what);
      return { status: response.status, body: body as T, headers: response.headers };
    },
  };
}
