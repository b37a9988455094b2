/**
 * `lp-faas-toolbelt/platform`: the contract between the toolbelt and the local
 * platform (`lp-faas-platform`). Both packages import these names; the toolbelt
 * never imports the platform. Not part of the documented Toolbelt API: functions
 * have no use for it.
 */
export { PLATFORM_API_PREFIX, PlatformApi, PlatformRoutes, platformPath, type PlatformErrorBody, type PlatformRoute } from "./api";
export { INVOCATION_ID_ENV, MAX_ORCHESTRATION_DEPTH, ORCHESTRATION_DEPTH_ENV, ORCHESTRATION_DEPTH_HEADER, PARENT_INVOCATION_HEADER } from "./orchestration";
export {
  CONTEXT_STORE_KEY_SECRET,
  DEFAULT_APP_KEY_SECRET,
  isSystemSecret,
  MAX_SECRET_VALUE_LENGTH,
  MAX_SECRET_VALUE_LENGTH_V2,
  MAX_STORED_SECRET_VALUE_LENGTH,
  ORCHESTRATOR_APP_KEY_SECRET,
  SECRET_NAME_PATTERN,
  SYSTEM_SECRET_NAMES,
  SYSTEM_SECRET_PREFIX,
} from "./secret-names";
export { currentInvocation, INVOCATION_CONTEXT_KEY, type InvocationFacts, type InvocationFactsStore } from "./invocation-context";
export { jsonErrorOffset, lineAndColumn, parseJsonText } from "./json-text";
export { findSettingsFile, parseSettingsText, SETTINGS_FILE, SettingsFileError, type SettingsDocument, type SettingsSecret } from "./settings-file";
