/**
 * How functions calling functions through the gateway are traced: the depth of
 * the chain and the calling invocation travel as request headers; the platform
 * hands both to the called function per invocation (`currentInvocation()` in
 * invocation-context.ts; the environment variables below outside the platform).
 */

/** Deepest allowed chain of functions invoking functions (a call's depth = its caller's depth + 1). */
export const MAX_ORCHESTRATION_DEPTH = 10;
/** Request header carrying the depth of the invocation being started (absent = 0, called from outside). */
export const ORCHESTRATION_DEPTH_HEADER = "X-LP-FaaS-Orchestration-Depth";
/** Request header carrying the invocation id of the calling function. */
export const PARENT_INVOCATION_HEADER = "X-LP-FaaS-Parent-Invocation-Id";
/** Environment variable holding the running invocation's depth (read outside the platform's worker). */
export const ORCHESTRATION_DEPTH_ENV = "LP_FAAS_ORCHESTRATION_DEPTH";
/** Environment variable holding the running invocation's id (read outside the platform's worker). */
export const INVOCATION_ID_ENV = "LP_FAAS_INVOCATION_ID";
