/**
 * LivePerson's secret rules, checked before any store is asked: names of at
 * most 100 letters, digits, `_` and `-`; values that serialise to JSON of at
 * most 10,000 characters (a string counts its own length); system secrets are
 * read-only. The constants are the platform contract's (the platform applies
 * the same rules).
 */
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { isSystemSecret, MAX_SECRET_VALUE_LENGTH, SECRET_NAME_PATTERN } from "../platform/secret-names";

export function secretError(code: (typeof ErrorCodes.Secret)[keyof typeof ErrorCodes.Secret], message: string, cause?: unknown): ToolbeltError {
  return new ToolbeltError("SecretClient", code, message, cause === undefined ? undefined : { cause });
}

export function notFound(key: string): ToolbeltError {
  return secretError(ErrorCodes.Secret.NotFound, `There is no secret ${key} for this account`);
}

/** Checks a key before any backend is asked; a key that breaks the rules cannot exist. */
export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || !SECRET_NAME_PATTERN.test(key)) {
    throw secretError(ErrorCodes.Secret.NotFound, `There is no secret ${JSON.stringify(key)} for this account (names are 1-100 letters, digits, "_" or "-")`);
  }
}

/** Checks a value for `updateSecret` and returns its serialised form's length. */
export function checkValue(key: string, value: unknown): void {
  if (isSystemSecret(key)) {
    throw secretError(ErrorCodes.Secret.SystemSecret, "You are not allowed to update secrets added by the system");
  }
  let text: string | undefined;
  try {
    text = typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
    throw secretError(ErrorCodes.Secret.Invalid, `The value of secret ${key} must be a string, a number, a boolean or a JSON object`);
  }
  if (text.length > MAX_SECRET_VALUE_LENGTH) {
    throw secretError(ErrorCodes.Secret.Invalid, `The value of secret ${key} is ${text.length} characters long; the limit is ${MAX_SECRET_VALUE_LENGTH}`);
  }
}
