/**
 * Argument checks of the Context Session Store client. Everything here runs before
 * a request is built: a bad argument rejects with `parameter.invalid` and sends nothing.
 * Names become URL path segments, so each is checked, then `encodeURIComponent`-encoded
 * (the official client sent them raw), and the dot segments `.`/`..` — which the URL parser would resolve
 * into another path — are refused.
 */
import type { IFaaSContextServiceClientConfig, NamespaceOptions } from "./types";
import { invalidParameter } from "./sdk-error";

/** The session a method uses when `sessionId` is left out. */
export const DEFAULT_SESSION_ID = "__default__";

/** Namespaces the store provides itself: they cannot be created or deleted (but hold sessions like any other). */
export const BUILT_IN_NAMESPACES: readonly string[] = Object.freeze(["faas", "consumer", "custom", "operational", "conversation"]);

const BUILT_IN = new Set(BUILT_IN_NAMESPACES);

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * `value` as an encoded path segment. `what` starts the message ("Namespace", …).
 * @throws SDKError `parameter.invalid`.
 */
function segment(value: unknown, what: string): string {
  if (value === null || value === undefined || value === "") throw invalidParameter(`${what} can not be null, undefined or empty string`);
  if (typeof value !== "string") throw invalidParameter(`${what} must be a string, not ${kindOf(value)}`);
  if (value === "." || value === "..") {
    throw invalidParameter(`${what} can not be "${value}": a URL would resolve it as a step in the path, so it cannot name anything in the store`);
  }
  return encodeURIComponent(value);
}

/** The encoded namespace segment. */
export function namespaceSegment(namespace: unknown): string {
  return segment(namespace, "Namespace");
}

/** The encoded namespace segment of a namespace that may be created or deleted (not a built-in one). */
export function customNamespaceSegment(namespace: unknown, action: "create" | "delete"): string {
  const encoded = namespaceSegment(namespace);
  if (BUILT_IN.has(namespace as string)) throw invalidParameter(`Can not ${action} a built-in namespace`);
  return encoded;
}

/** The encoded session segment: `undefined` is the default session; `null` and `""` are refused. */
export function sessionSegment(sessionId: unknown): string {
  if (sessionId === undefined) return DEFAULT_SESSION_ID;
  if (sessionId === null || sessionId === "") {
    throw invalidParameter(`Session ID can not be null or empty string (leave it out to use the default session "${DEFAULT_SESSION_ID}")`);
  }
  return segment(sessionId, "Session ID");
}

/** The encoded property segment. */
export function propertySegment(propertyName: unknown): string {
  return segment(propertyName, "Property name");
}

/** `propertyNames` checked: an array of non-empty strings. */
export function propertyNameList(propertyNames: unknown): readonly string[] {
  if (!Array.isArray(propertyNames)) {
    throw invalidParameter(`Property names must be an array of property names (strings), not ${kindOf(propertyNames)}`);
  }
  propertyNames.forEach((name: unknown, index) => {
    if (typeof name !== "string" || name === "") {
      throw invalidParameter(`Property names must be non-empty strings: the one at index ${index} is ${name === "" ? "an empty string" : kindOf(name)}`);
    }
  });
  return propertyNames as string[];
}

/** The `ttlSecond` query value of `createNamespace`, or `undefined` when no TTL was asked for. */
export function ttlSecondOf(options: unknown): number | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw invalidParameter(`Options must be an object such as { ttl: 3600 }, not ${kindOf(options)}`);
  }
  const ttl = (options as NamespaceOptions).ttl;
  if (ttl === undefined) return undefined;
  if (typeof ttl !== "number" || !Number.isSafeInteger(ttl) || ttl <= 0) throw invalidParameter("TTL needs to be a positive integer above 0");
  return ttl;
}

/**
 * The request body of a properties merge: `properties` as JSON.
 * @throws SDKError `parameter.invalid` when it is not an object or JSON cannot express it.
 */
export function propertiesBody(properties: unknown): string {
  if (properties === null || typeof properties !== "object" || Array.isArray(properties)) {
    throw invalidParameter(`Properties must be an object of property name → value, not ${kindOf(properties)}`);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(properties);
  } catch (error) {
    throw invalidParameter(`Properties can not be stored as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A toJSON() may turn the object into something else.
  if (typeof json !== "string" || !json.startsWith("{"))
    throw invalidParameter("Properties must be stored as a JSON object (its toJSON() returned something else)");
  return json;
}

/** Header values cannot hold line breaks or other control characters. */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The factory's configuration, checked synchronously.
 * @throws SDKError `parameter.invalid` with the official client's messages.
 */
export function checkConfig(config: unknown): IFaaSContextServiceClientConfig {
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw invalidParameter("No valid configuration was provided");
  const { apiKey, accountId } = config as Partial<Record<keyof IFaaSContextServiceClientConfig, unknown>>;
  if (typeof apiKey !== "string" || apiKey.trim() === "" || CONTROL.test(apiKey)) throw invalidParameter("No valid API-key was provided");
  if (typeof accountId !== "string" || accountId.trim() === "" || accountId === "." || accountId === "..") {
    throw invalidParameter("No valid accountId was provided");
  }
  return { apiKey, accountId };
}
