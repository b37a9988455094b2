/** The V2 MTLS clients: `MTLSClient({ cert, key, ca? })` and `LPMtlsClient()`. */
export { createMtlsClient } from "./mtls-client";
export { createLpMtlsClient } from "./lp-mtls-client";
export { MTLSError } from "./mtls-error";
export type { MTLSErrorOptions } from "./mtls-error";
export type { ClientTlsConfig, ILpMtlsClient, IMtlsClient, LpMtlsOptions, MtlsBody, MtlsHeaders, MtlsOptions, MtlsResponse } from "./types";
