/**
 * Every error code the platform answers with, in one table: the HTTP status it
 * is sent with, the exit code `lp-faas` ends with, and what it means (the
 * message used when a thrower gives none, and the text of docs/errors.md).
 * Stores, project code and the CLI throw `PlatformError(code, message)`; only
 * `http/error-response.ts` reads `status` and only `cli/output.ts` reads
 * `exitCode`. A test keeps docs/errors.md listing every code here.
 *
 * `v2Code` is the code the V2 gateway path answers for the same failure
 * (LivePerson renamed several codes in Functions V2; the others are unchanged).
 */
import { ErrorCodes } from "lp-faas-toolbelt";

/** `lp-faas` exit codes: 0 ok, 1 failure, 2 bad usage; `lp-faas exec` answers 127 and 126 as shells do for a command it cannot start. */
export const ExitCodes = { Ok: 0, Failure: 1, Usage: 2, CommandNotRunnable: 126, CommandNotFound: 127 } as const;

export interface CatalogueEntry {
  readonly code: string;
  /** HTTP status of the answer (901 is the invocation API's "error during lambda execution"); none for the CLI's own codes. */
  readonly status: number | undefined;
  /** Exit code of the CLI command that fails with it. */
  readonly exitCode: number;
  /** What it means; the message when the thrower gives none. */
  readonly message: string;
  /** The code on the V2 gateway path, when V2 renamed it. */
  readonly v2Code?: string;
}

const entry = <C extends string>(code: C, status: number | undefined, message: string, extra: { exitCode?: number; v2Code?: string } = {}) =>
  ({ code, status, exitCode: extra.exitCode ?? ExitCodes.Failure, message, ...(extra.v2Code !== undefined && { v2Code: extra.v2Code }) }) as const;

const FAAS = "com.liveperson.faas";

export const PlatformErrorCatalogue = {
  // --- any route
  NotFound: entry(`${FAAS}.platform.not-found`, 404, "There is no such route or resource."),
  MethodNotAllowed: entry(`${FAAS}.platform.method-not-allowed`, 405, "The path exists, but not with this HTTP method."),
  BadInput: entry(`${FAAS}.es.badinput`, 400, "The request or argument is malformed: bad JSON, a wrong type, a missing or invalid value.", {
    v2Code: `${FAAS}.evg.invalid`,
  }),
  PayloadTooLarge: entry(`${FAAS}.platform.payload-too-large`, 413, "The request body, or what it would store, is over the platform's limit."),
  UnsupportedMediaType: entry(
    `${FAAS}.platform.unsupported-media-type`,
    415,
    "A route that takes a JSON body was sent one without Content-Type: application/json (browsers' cross-site forms and text/plain bodies are refused).",
  ),
  HostRefused: entry(
    `${FAAS}.platform.host-refused`,
    403,
    "The request's Host header is not the platform's own (127.0.0.1, localhost or [::1] with its port): a DNS-rebinding page is refused.",
  ),
  OriginRefused: entry(
    `${FAAS}.platform.origin-refused`,
    403,
    "The request carries an Origin header of another site: cross-site browser requests are refused.",
  ),
  AdminUnauthenticated: entry(
    `${FAAS}.platform.admin-unauthenticated`,
    401,
    "An admin route was called without Authorization: Bearer <token> (the token is in <project>/.lp-faas/admin-token).",
  ),
  AdminForbidden: entry(`${FAAS}.platform.admin-forbidden`, 403, "An admin route was called with a token that is not the platform's admin token."),
  Conflict: entry(`${FAAS}.platform.conflict`, 409, "The change conflicts with the project's files (e.g. deleting a conversation that a fixture file holds)."),
  InvalidProject: entry(
    `${FAAS}.platform.invalid-project`,
    422,
    "functions/settings.json, a config.json or a fixture file is malformed; the message names the file, line and column.",
  ),
  FileLocked: entry(`${FAAS}.platform.file-locked`, 503, "Another process held functions/settings.json's lock for too long; try again."),
  StateBusy: entry(`${FAAS}.platform.state-busy`, 503, "The platform's state database stayed locked by another process past the busy timeout; try again."),
  General: entry(`${FAAS}.es.general`, 500, "The platform failed unexpectedly; the lp-faas dev output has the details.", { v2Code: `${FAAS}.evg.general` }),
  // --- functions and the gateway
  MissingLambda: entry(`${FAAS}.es.missinglambda`, 404, "There is no function with that name or uuid in this project.", {
    v2Code: `${FAAS}.function.not-found`,
  }),
  EventFunctionLimit: entry(
    `${FAAS}.platform.event-function-limit`,
    409,
    "More functions listen to the event (for the skill asked) than the event allows; the gateway ran none of them.",
  ),
  Unauthorized: entry(
    `${FAAS}.es.unauthorized`,
    401,
    "The request's OAuth 1.0a signature, or its Bearer token from Sentinel, is missing, wrong or expired (the gateway and the emulated LivePerson APIs).",
  ),
  // --- Sentinel, the OAuth 2.0 token endpoint (answered as { error, error_description })
  InvalidClient: entry(
    `${FAAS}.sentinel.invalid-client`,
    401,
    "client_id and client_secret are not those of the project's secret LIVEPERSON_DEFAULT_APP_KEY (or it is missing or malformed).",
  ),
  UnsupportedGrantType: entry(`${FAAS}.sentinel.unsupported-grant-type`, 400, "The token request's grant_type is not client_credentials."),
  InvalidRequest: entry(
    `${FAAS}.sentinel.invalid-request`,
    400,
    "The token request is not a form (application/x-www-form-urlencoded) with one client_id, client_secret and grant_type each.",
  ),
  LoopDetected: entry(
    `${FAAS}.orchestrator-fn.loop-detected`,
    508,
    "Functions calling functions through the gateway went deeper than the orchestration depth limit; nothing was run.",
  ),
  CustomFailure: entry(
    `${FAAS}.handler.custom-failure`,
    901,
    "The function reported an error: callback(error), a rejected promise, or an Error thrown in async code.",
    {
      v2Code: "com.customer.faas.function.threw-error",
    },
  ),
  RuntimeException: entry(
    `${FAAS}.handler.runtime-exception`,
    901,
    "The function crashed: a synchronous throw, an uncaught exception, process.exit, out of memory, or a result that is not JSON.",
    {
      v2Code: "com.customer.faas.function.js-runtime-error",
    },
  ),
  ExecutionTimeExceeded: entry(`${FAAS}.handler.executiontime-exceeded`, 901, "The function did not finish within the execution timeout (30 s by default).", {
    v2Code: "com.customer.faas.function.execution-exceeded",
  }),
  LogLimitReached: entry(`${FAAS}.handler.log-limit-reached`, 901, "The function logged more than an invocation may keep.", {
    v2Code: `${FAAS}.function.runtime.limit-reached`,
  }),
  InstanceLimitReached: entry(
    `${FAAS}.function.runtime.limit-reached`,
    429,
    "A V2 function already runs its most instances at once (lp-faas dev --max-instances), each busy with an invocation: this one was refused and nothing ran; try again.",
  ),
  // --- secrets (the toolbelt's SecretClient codes, so a function sees the same code either side)
  SecretNotFound: entry(ErrorCodes.Secret.NotFound, 404, "There is no secret with that name in this project."),
  SecretForbidden: entry(
    ErrorCodes.Secret.SystemSecret,
    403,
    "System secrets (lp-faas-default-app-key, lp-faas-orchestrator-app-key, LIVEPERSON_DEFAULT_*) are read-only.",
  ),
  SecretInvalid: entry(ErrorCodes.Secret.Invalid, 400, "The secret's value is not JSON or is over 10,000 characters."),
  SecretUpdateFailed: entry(ErrorCodes.Secret.Failure, 404, "updateSecret named a secret that does not exist (updates replace existing secrets only)."),
  // --- the Context Session Store
  ContextUnauthenticated: entry(`${FAAS}.context.unauthenticated`, 401, "The maven-api-key header is missing (create a key with lp-faas context keys create)."),
  ContextForbidden: entry(`${FAAS}.context.forbidden`, 403, "The maven-api-key is unknown or belongs to another account."),
  ContextLimitExceeded: entry(`${FAAS}.context.limit-exceeded`, 409, "The account already has the most custom namespaces allowed (1,000)."),
  // --- the mTLS gateway (mtlsGateway) and its client certificates (lp-faas mtls)
  MtlsInvalidCert: entry(
    `${FAAS}.platform.mtls-invalid-cert`,
    400,
    "An mTLS certificate or CA file is not readable, holds no PEM certificate, or holds one that does not parse.",
  ),
  MtlsInvalidKey: entry(`${FAAS}.platform.mtls-invalid-key`, 400, "An mTLS key file is not readable, holds no PEM private key, or holds an encrypted one."),
  MtlsKeyMismatch: entry(`${FAAS}.platform.mtls-key-mismatch`, 400, "The mTLS key is not the private key of the certificate it was given with."),
  MtlsBadForwardUrl: entry(
    `${FAAS}.platform.mtls-bad-forward-url`,
    400,
    "A call of the mTLS gateway without LP-forward-url, or with one that is not an absolute https URL.",
  ),
  MtlsNoCertificate: entry(
    `${FAAS}.platform.mtls-no-certificate`,
    400,
    "The mTLS gateway has no client certificate for the target host and the call asked it to stop (LP-stop-if-certificate-not-found: true).",
  ),
  MtlsTransportFailed: entry(
    `${FAAS}.platform.mtls-transport-failed`,
    502,
    "The mTLS gateway could not reach the target: refused by the egress allowlist, DNS, connection refused, TLS handshake, timeout (header lp-message-from-transport).",
  ),
  // --- the CLI (no HTTP answer carries these)
  Usage: entry(`${FAAS}.cli.usage`, undefined, "The command line is wrong: an unknown option, a missing argument, a value that does not parse.", {
    exitCode: ExitCodes.Usage,
  }),
  PlatformUnreachable: entry(`${FAAS}.cli.platform-unreachable`, undefined, "No lp-faas platform answers on the port (start one with lp-faas dev)."),
  ProjectMissing: entry(`${FAAS}.cli.project-missing`, undefined, "The folder is not an lpf project (it has no functions/ folder)."),
  PortInUse: entry(`${FAAS}.cli.port-in-use`, undefined, "lp-faas dev cannot listen on the port: another program uses it."),
  AdminTokenMissing: entry(
    `${FAAS}.cli.admin-token-missing`,
    undefined,
    "The project has no .lp-faas/admin-token: no platform has run for it yet (start one with lp-faas dev).",
  ),
  WriteFailed: entry(`${FAAS}.cli.write-failed`, undefined, "The CLI could not write the file it was asked to write."),
  CommandNotFound: entry(`${FAAS}.cli.command-not-found`, undefined, "lp-faas exec found no such command (not on PATH, or no such file).", {
    exitCode: ExitCodes.CommandNotFound,
  }),
  CommandNotRunnable: entry(
    `${FAAS}.cli.command-not-runnable`,
    undefined,
    "lp-faas exec could not start the command (not executable, or refused by the system).",
    {
      exitCode: ExitCodes.CommandNotRunnable,
    },
  ),
} as const satisfies Record<string, CatalogueEntry>;

export type PlatformErrorName = keyof typeof PlatformErrorCatalogue;

/** Every platform error code, as a literal union: `switch (error.code)` is checked. */
export type PlatformErrorCode = (typeof PlatformErrorCatalogue)[PlatformErrorName]["code"];

/** Name → code, for throwers: `new PlatformError(PlatformErrorCodes.NotFound, "...")`. */
export const PlatformErrorCodes = Object.freeze(Object.fromEntries(Object.entries(PlatformErrorCatalogue).map(([name, { code }]) => [name, code]))) as {
  readonly [N in PlatformErrorName]: (typeof PlatformErrorCatalogue)[N]["code"];
};

const byCode: ReadonlyMap<string, CatalogueEntry> = new Map(Object.values(PlatformErrorCatalogue).map((e) => [e.code, e]));

/** The catalogue entry of a code; undefined for a code the platform does not define (e.g. relayed from elsewhere). */
export function catalogueEntry(code: string): CatalogueEntry | undefined {
  return byCode.get(code);
}

/** The HTTP status a code is answered with (500 for a code the catalogue does not know). */
export function httpStatusOf(code: string): number {
  return byCode.get(code)?.status ?? 500;
}

/** Every entry, in catalogue order (docs and their test). */
export function allPlatformErrors(): readonly CatalogueEntry[] {
  return Object.values(PlatformErrorCatalogue);
}
