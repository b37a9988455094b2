/** How a request fails OAuth 1.0a verification: the problem names of the OAuth Problem Reporting extension, and the error carrying one. */
import { PlatformError, PlatformErrorCodes } from "../errors";

/** Problem names of the OAuth Problem Reporting extension, carried in the 401 body and WWW-Authenticate. */
export type OAuthProblem =
  | "parameter_absent"
  | "parameter_rejected"
  | "signature_method_rejected"
  | "version_rejected"
  | "consumer_key_unknown"
  | "token_rejected"
  | "timestamp_refused"
  | "nonce_used"
  | "signature_invalid";

/**
 * A request that failed verification: answered with HTTP 401 and
 * `WWW-Authenticate: OAuth realm="...", oauth_problem="<problem>"`.
 */
export class OAuthError extends PlatformError {
  constructor(
    readonly problem: OAuthProblem,
    message: string,
  ) {
    super(PlatformErrorCodes.Unauthorized, message, { challenge: { scheme: "OAuth", params: { oauth_problem: problem } } });
    this.name = "OAuthError";
  }
}
