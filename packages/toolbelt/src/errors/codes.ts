/**
 * The catalogue of toolbelt error codes. Every code follows the platform's
 * `com.liveperson.faas.*` scheme; codes the official toolbelt
 * already uses keep their exact spelling so that `switch (err.code)` code written
 * against it keeps working. The Context Session Store client's codes keep the
 * official SDK's `com.liveperson.context-service-sdk.*` prefix for the same reason.
 */
const PREFIX = "com.liveperson.faas.";
/** The Context Session Store SDK's own prefix, kept as the official client spells it. */
const CONTEXT_PREFIX = "com.liveperson.context-service-sdk.";

export const ErrorCodes = {
  Toolbelt: {
    /** A factory whose component has not shipped. Every documented factory ships now; kept so code that checks it still compiles. */
    NotImplemented: `${PREFIX}toolbelt.not-implemented`,
    /** `Toolbelt.configure()` or an environment variable holds an unusable value. */
    InvalidConfig: `${PREFIX}toolbelt.invalid-config`,
  },
  Egress: {
    /** The egress policy refused the host (not on the allowlist). */
    HostRefused: `${PREFIX}egress.host-refused`,
    /** The platform's allowlist could not be read (the request is refused: fail closed). */
    AllowlistUnavailable: `${PREFIX}egress.allowlist-unavailable`,
    /** The URL cannot be dialled at all (relative, unsupported scheme, no host). */
    InvalidUrl: `${PREFIX}egress.invalid-url`,
  },
  Http: {
    /** A request-promise option this client does not implement. */
    UnsupportedOption: `${PREFIX}http.unsupported-option`,
    /** An option has the wrong type or value. */
    InvalidOption: `${PREFIX}http.invalid-option`,
    /** Too many redirects. */
    MaxRedirects: `${PREFIX}http.max-redirects`,
  },
  Secret: {
    Invalid: `${PREFIX}secret.invalid-format`,
    Failure: `${PREFIX}secret.op-failed`,
    Timeout: `${PREFIX}secret.op-timed-out`,
    NotFound: `${PREFIX}secret.not-found`,
    AuthFailure: `${PREFIX}secret.auth-failed`,
    SystemSecret: `${PREFIX}secret.forbidden`,
  },
  Csds: {
    NotFound: `${PREFIX}csds.domain.not-found`,
    Failure: `${PREFIX}csds.op-failed`,
  },
  Mtls: {
    General: `${PREFIX}mtls.general-issue`,
    Remote: `${PREFIX}mtls.remote-threw`,
    Missing: `${PREFIX}mtls.missing-conf`,
    Invalid: {
      Key: `${PREFIX}mtls.invalid-key`,
      Cert: `${PREFIX}mtls.invalid-cert`,
    },
    BadRequest: `${PREFIX}mtls.invalid-request`,
    Timeout: `${PREFIX}mtls.request-timeout`,
  },
  LpClient: {
    /** `lpClient(service, path, options)` called with an unusable argument (e.g. a path not starting with "/"). */
    InvalidArgument: `${PREFIX}lp-client.invalid-argument`,
    Creds: {
      Format: `${PREFIX}lp-client.credentials-wrong-format`,
      Failure: `${PREFIX}lp-client.get-credentials-failure`,
    },
  },
  ConversationUtil: {
    General: `${PREFIX}conversation-util-general`,
    NotFound: `${PREFIX}conversation-util.conversation.not-found`,
    UnexpectedResponse: `${PREFIX}conversation-util.unexpected-response`,
  },
  GDPRUtil: {
    General: `${PREFIX}gdpr-util-general`,
    AuthFailure: `${PREFIX}gdpr-util.auth-failed`,
    ReplaceFileFailed: `${PREFIX}gdpr-util.replace-file-failed`,
  },
  SDEsUtil: {
    General: `${PREFIX}sdes-util-general`,
    UnexpectedResponse: `${PREFIX}sdes-util.unexpected-response`,
  },
  OrchestratorFN: {
    General: `${PREFIX}orchestrator-fn-general`,
    Timeout: `${PREFIX}orchestrator-fn.invoke.timeout`,
    /** `invoke(invocations, deadline, options)` called with an unusable argument (nothing was sent). */
    InvalidArgument: `${PREFIX}orchestrator-fn.invalid-argument`,
    /** The orchestration chain is deeper than `MAX_ORCHESTRATION_DEPTH`, or the gateway answered 508. */
    LoopDetected: `${PREFIX}orchestrator-fn.loop-detected`,
    Invocation: {
      StatusError: `${PREFIX}orchestrator-fn.invoke.status-code-error`,
      /** The invocation's request failed on the network (after its retries); `cause.code` is the Node code. */
      NetworkError: `${PREFIX}orchestrator-fn.invoke.network-error`,
    },
    Creds: {
      Format: `${PREFIX}orchestrator-fn.credentials-wrong-format`,
      Failure: `${PREFIX}orchestrator-fn.get-credentials-failure`,
    },
  },
  /**
   * `Toolbelt.ContextServiceClient` (thrown as `SDKError`): the official SDK's codes, same
   * spelling (its `unkown` typo fixed), grouped as its enum was. Network failures keep
   * Node's code (`Network.*`).
   */
  ContextService: {
    General: {
      /** The store answered 500 or 503. */
      Issue: `${CONTEXT_PREFIX}internal-server-error`,
      /** Any other non-2xx answer (400, 401, 409, 413, 429, 502, …), or an answer that could not be read. */
      Unknown: `${CONTEXT_PREFIX}unknown`,
      /** The per-attempt deadline passed; the request was aborted. */
      Timeout: `${CONTEXT_PREFIX}response-timeout`,
    },
    Parameter: {
      /** An argument or the client's configuration is unusable; nothing was sent. */
      Incorrect: `${CONTEXT_PREFIX}parameter.invalid`,
    },
    Authorization: {
      /** The store answered 403: the API key is unknown or not one of this account. */
      Invalid: `${CONTEXT_PREFIX}authorization.invalid`,
    },
    Data: {
      /** The store answered 404 (unknown namespace or property). */
      NotFound: `${CONTEXT_PREFIX}data.does-not-exist`,
    },
    /** Network failures, after up to three attempts; the code is Node's own. */
    Network: {
      ECONNRESET: "ECONNRESET",
      ENOTFOUND: "ENOTFOUND",
      ESOCKETTIMEDOUT: "ESOCKETTIMEDOUT",
      ETIMEDOUT: "ETIMEDOUT",
      ECONNREFUSED: "ECONNREFUSED",
      EHOSTUNREACH: "EHOSTUNREACH",
      EPIPE: "EPIPE",
      EAI_AGAIN: "EAI_AGAIN",
    },
  },
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];

/** Every code the toolbelt can raise, as a literal union. */
export type ErrorCode = Leaves<typeof ErrorCodes>;

/** All codes as a flat list (used by the docs check). */
export function allErrorCodes(): ErrorCode[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") out.push(node);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(ErrorCodes);
  return out as ErrorCode[];
}
