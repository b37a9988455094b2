/**
 * The error body of the emulated LivePerson APIs (Messaging Interactions,
 * Engagement Attributes), for every status they answer with (400, 401, 405,
 * 413, 422, 500):
 *
 *     { "error": { "code": <HTTP status>, "message": "<what is wrong>" } }
 *
 * and for 401 also `"oauth_problem": "<name>"` (the OAuth Problem Reporting
 * extension's names: signature_invalid, timestamp_refused, nonce_used,
 * consumer_key_unknown, token_rejected, parameter_absent, parameter_rejected,
 * signature_method_rejected, version_rejected), next to the header
 * `WWW-Authenticate: OAuth realm="<base URL>", oauth_problem="<name>"`.
 * LivePerson's OAuth 1.0a gateway is known to answer the same problem names as
 * form text (`oauth_problem=signature_invalid&oauth_problem_advice=...`); we
 * answer JSON so that a client printing the body (the toolbelt's
 * `Unexpected response: <text>`) shows a readable reason either way.
 */
import type { ErrorFormat } from "../http/error-response";

export interface LpErrorBody {
  error: { code: number; message: string; oauth_problem?: string };
}

export const livePersonErrorFormat: ErrorFormat = ({ status, message, challenge }): LpErrorBody => {
  const problem = challenge?.params.oauth_problem;
  return { error: { code: status, message, ...(problem !== undefined && { oauth_problem: problem }) } };
};
