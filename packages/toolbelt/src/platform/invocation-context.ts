/**
 * The running invocation's own facts (its id, its orchestration depth), read
 * per invocation. A platform instance runs many invocations at once in one
 * process, so process-wide environment variables cannot carry them: the
 * platform's worker installs an AsyncLocalStorage on a `Symbol.for` global and
 * runs each invocation inside it. Outside the platform (a script, a test) the
 * environment variables are read instead.
 */
import { INVOCATION_ID_ENV, ORCHESTRATION_DEPTH_ENV } from "./orchestration";

/** The global the platform's worker puts its store on (`Symbol.for`, so two copies of the toolbelt agree). */
export const INVOCATION_CONTEXT_KEY: unique symbol = Symbol.for("lp-faas.invocation-context");

/** What the worker keeps per invocation. */
export interface InvocationFacts {
  /** The platform's invocation id; absent outside an invocation. */
  readonly invocationId?: string;
  /** Gateway hops that led to this invocation (0 = called from outside). */
  readonly depth: number;
}

/** The part of AsyncLocalStorage the accessor uses. */
export interface InvocationFactsStore {
  getStore(): InvocationFacts | undefined;
}

type WithStore = { [INVOCATION_CONTEXT_KEY]?: InvocationFactsStore };

function depthOf(raw: string | undefined): number {
  const text = raw?.trim();
  if (!text) return 0;
  const depth = Number(text);
  return Number.isInteger(depth) && depth >= 0 ? depth : 0;
}

/** The running invocation's facts: the worker's store inside the platform, else the environment. */
export function currentInvocation(env: NodeJS.ProcessEnv = process.env): InvocationFacts {
  const facts = (globalThis as WithStore)[INVOCATION_CONTEXT_KEY]?.getStore();
  if (facts) return facts;
  const invocationId = env[INVOCATION_ID_ENV]?.trim();
  return invocationId ? { invocationId, depth: depthOf(env[ORCHESTRATION_DEPTH_ENV]) } : { depth: depthOf(env[ORCHESTRATION_DEPTH_ENV]) };
}
