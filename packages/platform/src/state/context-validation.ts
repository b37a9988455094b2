/**
 * The Context Session Store's input rules, as pure functions: account ids,
 * namespace names, session ids and property names, TTLs, and the encoding of a
 * properties object with its size. `is*` predicates answer yes or no (the CLI's
 * argument parsers use them with their own usage messages); `check*` return the
 * value or throw a 400 (`badInput`) naming the field. Limits: `ContextLimits`.
 */
import { badInput, PlatformError, PlatformErrorCodes } from "../errors";
import { BUILT_IN_NAMESPACES, ContextLimits } from "./context-types";

/** Account ids: letters, digits, `_`, `-`, 1-64 characters (our choice; LivePerson's are digits or `le…`/`qa…`). */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const builtIns: ReadonlySet<string> = new Set(BUILT_IN_NAMESPACES);

export function isBuiltInNamespace(name: string): boolean {
  return builtIns.has(name);
}

export function isAccountId(value: unknown): value is string {
  return typeof value === "string" && ACCOUNT_ID_PATTERN.test(value);
}

/** A namespace name, custom or built-in (the pattern does not tell them apart). */
export function isNamespaceName(value: unknown): value is string {
  return typeof value === "string" && ContextLimits.namespacePattern.test(value);
}

/** A session id or property name: 1-256 characters, no `/` (it would split the URL path), not `.` or `..`. */
export function isSessionOrPropertyId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= ContextLimits.maxIdLength && !value.includes("/") && value !== "." && value !== "..";
}

/** A value as an error message shows it: strings quoted, at most 80 characters. */
export function describeValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function checkAccountId(accountId: unknown, field = "accountId"): string {
  if (!isAccountId(accountId)) throw badInput(`${field} ${describeValue(accountId)} is invalid: use 1-64 letters, digits, "_" or "-"`);
  return accountId;
}

/** A namespace name (custom or built-in) or a 400 naming `field`. */
export function checkNamespaceName(name: unknown, field = "namespace"): string {
  if (!isNamespaceName(name)) throw badInput(`The ${field} ${describeValue(name)} is invalid: use 1-100 letters, digits, "_" or "-"`);
  return name;
}

/** A custom namespace to create or delete: built-ins always exist, so both are refused for them. */
export function checkCustomNamespaceName(name: unknown, action: "create" | "delete"): string {
  if (typeof name === "string" && builtIns.has(name)) throw badInput(`Can not ${action} a built-in namespace ("${name}")`);
  return checkNamespaceName(name);
}

/**
 * The account and namespace of a read or write: a built-in name is always
 * valid, a custom one must match the pattern. Whether it exists is the store's
 * question.
 */
export function checkNamespaceRef(accountId: unknown, name: string): void {
  checkAccountId(accountId);
  if (!builtIns.has(name)) checkNamespaceName(name);
}

/** A session id or property name, or a 400 naming `field`. */
export function checkId(value: unknown, field: string): string {
  if (!isSessionOrPropertyId(value)) {
    throw badInput(`The ${field} ${describeValue(value)} is invalid: use 1-${ContextLimits.maxIdLength} characters, no "/", not "." or ".."`);
  }
  return value;
}

/** `undefined` (none) or a whole number of seconds in 1..maxTtlSecond; a 400 naming `field` otherwise. */
export function checkTtlSecond(ttlSecond: unknown, field = "ttlSecond"): number | undefined {
  if (ttlSecond === undefined) return undefined;
  if (typeof ttlSecond !== "number" || !Number.isInteger(ttlSecond) || ttlSecond < 1 || ttlSecond > ContextLimits.maxTtlSecond) {
    throw badInput(`${field} must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not ${describeValue(ttlSecond)}`);
  }
  return ttlSecond;
}

// --- property encoding

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets an own enumerable property, also for the name `__proto__` (plain assignment would set the prototype). */
export function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/** One property ready to store: name, its `"name":value` size in bytes, the value's JSON text. */
export type EncodedProperty = [name: string, size: number, json: string];

export interface EncodedProperties {
  entries: EncodedProperty[];
  /** The size of the whole object as JSON, in bytes. */
  bytes: number;
}

/** Encodes and checks a properties object; a 400 names the first bad property. */
export function encodeProperties(properties: unknown, field: string): EncodedProperties {
  if (!isPlainObject(properties)) throw badInput(`${field} must be a JSON object (property name → value)`);
  const entries: EncodedProperty[] = [];
  let bytes = 1; // "{" "}" and the commas: 2 + (n - 1)
  for (const name of Object.keys(properties)) {
    checkId(name, "property name");
    let json: string | undefined;
    try {
      json = JSON.stringify(properties[name]);
    } catch (error) {
      throw badInput(`The value of property ${describeValue(name)} is not JSON: ${(error as Error).message}`);
    }
    if (json === undefined) throw badInput(`The value of property ${describeValue(name)} is not a JSON value`);
    const size = Buffer.byteLength(JSON.stringify(name)) + 1 + Buffer.byteLength(json);
    bytes += size + 1;
    entries.push([name, size, json]);
  }
  return { entries, bytes: entries.length === 0 ? 2 : bytes };
}

/** The JSON text of an object from its properties' names and stored JSON texts (values are not re-encoded). */
export function propertiesJsonText(properties: ReadonlyArray<readonly [name: string, json: string]>): string {
  let text = "{";
  for (let i = 0; i < properties.length; i++) {
    const [name, json] = properties[i]!;
    if (i > 0) text += ",";
    text += JSON.stringify(name) + ":" + json;
  }
  return text + "}";
}

/** A 413 when `what` would be over `maxSessionBytes` as JSON. */
export function checkSessionBytes(what: string, bytes: number): void {
  if (bytes > ContextLimits.maxSessionBytes) {
    throw new PlatformError(PlatformErrorCodes.PayloadTooLarge, `${what} would be ${bytes} bytes as JSON; the limit is ${ContextLimits.maxSessionBytes} bytes`);
  }
}
