/**
 * Turns undici's errors into the Node-style errors request raised, so callers
 * that test `err.cause.code` (`ETIMEDOUT` with `connect: true` for a connect
 * timeout, `ESOCKETTIMEDOUT` for a read timeout, `ECONNRESET`, `ECONNREFUSED`, …)
 * keep working.
 */
export interface NetworkError extends Error {
  code?: string;
  connect?: boolean;
}

function withCode(message: string, code: string, extra: Partial<NetworkError> = {}, cause?: unknown): NetworkError {
  const error: NetworkError = new Error(message, cause === undefined ? undefined : { cause });
  error.code = code;
  Object.assign(error, extra);
  return error;
}

export function toNetworkError(error: unknown): NetworkError {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return withCode("ETIMEDOUT", "ETIMEDOUT", { connect: true }, error);
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return withCode("ESOCKETTIMEDOUT", "ESOCKETTIMEDOUT", { connect: false }, error);
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return withCode("socket hang up", "ECONNRESET", {}, error);
    default:
      if (error instanceof Error) return error;
      return withCode(String(error), "ERR_UNKNOWN");
  }
}
