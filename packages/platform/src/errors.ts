/**
 * Domain errors of the platform. Stores and services throw these; one place
 * (`server/error-response.ts`) turns them into an HTTP status and a JSON body
 * `{ code, message }`. Codes follow the `com.liveperson.faas.*` scheme.
 */
export const PlatformErrorCodes = {
  /** Unknown route or resource. */
  NotFound: "com.liveperson.faas.platform.not-found",
  /** Unknown function (by name or uuid). */
  MissingLambda: "com.liveperson.faas.es.missinglambda",
  /** Malformed JSON, wrong types, missing values. */
  BadInput: "com.liveperson.faas.es.badinput",
  /** Request body over the platform's limit. */
  PayloadTooLarge: "com.liveperson.faas.platform.payload-too-large",
  /** Method not allowed on this path. */
  MethodNotAllowed: "com.liveperson.faas.platform.method-not-allowed",
  /** functions/settings.json or a config.json is malformed. */
  InvalidProject: "com.liveperson.faas.platform.invalid-project",
  /** Anything unexpected (never carries a stack trace to the client). */
  General: "com.liveperson.faas.es.general",
} as const;

export type PlatformErrorCode = (typeof PlatformErrorCodes)[keyof typeof PlatformErrorCodes] | (string & {});

export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: PlatformErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PlatformError";
  }
}

export const notFound = (message: string): PlatformError => new PlatformError(404, PlatformErrorCodes.NotFound, message);
export const badInput = (message: string): PlatformError => new PlatformError(400, PlatformErrorCodes.BadInput, message);
