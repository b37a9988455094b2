/** The platform's errors: one catalogue of codes, one error class. */
export {
  allPlatformErrors,
  catalogueEntry,
  ExitCodes,
  httpStatusOf,
  PlatformErrorCatalogue,
  PlatformErrorCodes,
  type CatalogueEntry,
  type PlatformErrorCode,
  type PlatformErrorName,
} from "./catalogue";
export { badInput, invalidProject, isDatabaseBusy, notFound, PlatformError, type AuthChallenge, type PlatformErrorOptions } from "./platform-error";
