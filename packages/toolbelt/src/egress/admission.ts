/**
 * The policy step of every request, before anything is dialled, in a fixed order:
 *   1. the egress policy on the URL about to be dialled and on every Host header
 *      (under a local platform, its allowlist counts too) — a refusal throws and
 *      opens no socket;
 *   2. a rate-limit token — none left gives a local 429, as the platform's proxy does.
 * Redirects are not followed by the core: each hop is its own request, admitted again.
 */
import type { Allowlist } from "./allowlist";
import type { CoreRequest, CoreResponse } from "./core-types";
import { allHeaderValues } from "./headers";
import type { PlatformAllowlist } from "./platform-allowlist";
import type { EgressPolicy } from "./policy";
import type { TokenBucket } from "./token-bucket";

export interface AdmissionParts {
  readonly policy: EgressPolicy;
  /** `null`: no rate limit. */
  readonly bucket: TokenBucket | null;
  /** The local platform's own allowlist, when it owns one. */
  readonly platformAllowlist?: PlatformAllowlist;
}

/** `undefined`: the request may go. Otherwise the answer to give without sending it. */
export type AdmissionResult = CoreResponse | undefined;

export interface Admission {
  /**
   * Admits `request`, or answers it locally (429) when the rate limit says no.
   * Synchronous unless a local platform's allowlist must be read first, so the
   * common path costs no extra promise.
   * @throws ToolbeltError the egress refusal (`com.liveperson.faas.egress.*`).
   */
  admit(request: CoreRequest): AdmissionResult | Promise<AdmissionResult>;
  /**
   * Step 1 alone, for a connection about to be opened outside the core (a
   * function's own sockets in a platform worker): throws or rejects with the refusal.
   */
  check(url: URL, hostHeaders?: readonly string[]): void | Promise<void>;
  /** Step 2 alone: takes a rate-limit token; false when none is left. */
  take(): boolean;
}

/** The local answer of an exhausted rate limit, as the platform's proxy gives it. */
export function tooManyRequests(url: URL): CoreResponse {
  const body = Buffer.from("Too Many Requests");
  return {
    statusCode: 429,
    statusMessage: "Too Many Requests",
    headers: { "content-type": "text/plain; charset=utf-8", "content-length": String(body.length), "retry-after": "1" },
    body,
    url,
  };
}

export function createAdmission({ policy, bucket, platformAllowlist }: AdmissionParts): Admission {
  function decide(request: CoreRequest, extra: Allowlist | undefined): AdmissionResult {
    policy.check(request.url, allHeaderValues(request.headers, "host"), extra);
    if (bucket && !bucket.tryTake()) return tooManyRequests(request.url);
    return undefined;
  }

  return {
    admit(request) {
      // Origins the configuration points at (the platform itself) need no allowlist read.
      if (platformAllowlist && !policy.isExempt(request.url)) return platformAllowlist.current().then((extra) => decide(request, extra));
      return decide(request, undefined);
    },
    check(url, hostHeaders) {
      if (platformAllowlist && !policy.isExempt(url)) return platformAllowlist.current().then((extra) => policy.check(url, hostHeaders, extra));
      policy.check(url, hostHeaders);
    },
    take: () => !bucket || bucket.tryTake(),
  };
}
