/**
 * The orchestration headers a gateway call may carry (names in
 * `lp-faas-toolbelt/platform`): the depth of the chain of functions calling
 * functions, and the calling invocation's id.
 */
import { ORCHESTRATION_DEPTH_HEADER, PARENT_INVOCATION_HEADER } from "lp-faas-toolbelt/platform";
import { badInput } from "../../errors";

/** A parent id as the platform writes them (uuids; `<pid>-<n>` outside the platform), with room for other callers' ids. */
const PARENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The depth header: absent → 0; a whole number ≥ 0 otherwise (bad input). */
export function parseOrchestrationDepth(value: string | string[] | undefined): number {
  if (value === undefined) return 0;
  const text = Array.isArray(value) ? value.join(",") : value;
  if (!/^\s*\d{1,6}\s*$/.test(text)) {
    throw badInput(`The ${ORCHESTRATION_DEPTH_HEADER.toLowerCase()} header must be a whole number ≥ 0 (got "${text.slice(0, 40)}")`);
  }
  return Number(text.trim());
}

/** The parent header: absent or empty → undefined; an id of letters, digits and `._:-` otherwise (bad input). */
export function parseParentInvocationId(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = (Array.isArray(value) ? value.join(",") : value).trim();
  if (text === "") return undefined;
  if (!PARENT_ID.test(text)) {
    throw badInput(`The ${PARENT_INVOCATION_HEADER.toLowerCase()} header must be an invocation id (1-128 letters, digits, ".", "_", ":" or "-")`);
  }
  return text;
}
