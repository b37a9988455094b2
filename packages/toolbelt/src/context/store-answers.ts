/**
 * The store's 2xx answers read into what each method resolves with. An answer
 * that is not what the method expects rejects `unknown` (via `StoreErrors`)
 * instead of resolving garbage.
 */
import type { CoreResponse } from "../egress/request-core";
import type { StoreErrors } from "./store-errors";
import type { Entity, Namespace } from "./types";

export function isSuccess(response: CoreResponse): boolean {
  return response.statusCode >= 200 && response.statusCode <= 299;
}

function json(response: CoreResponse, expected: string, errors: StoreErrors): unknown {
  try {
    return JSON.parse(response.body.toString("utf8")) as unknown;
  } catch {
    throw errors.unreadable(response, expected);
  }
}

/** A session's properties: a JSON object. */
export function readEntity(response: CoreResponse, errors: StoreErrors): Entity {
  const parsed = json(response, "a JSON object of properties", errors);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw errors.unreadable(response, "a JSON object of properties");
  return parsed as Entity;
}

/** The namespace list: entries without a string `name` are skipped; `createdAt` becomes a Date; `ttlSecond` only when set. */
export function readNamespaces(response: CoreResponse, errors: StoreErrors): Namespace[] {
  const parsed = json(response, "a JSON list of namespaces", errors);
  if (!Array.isArray(parsed)) throw errors.unreadable(response, "a JSON list of namespaces");
  return parsed
    .filter((entry): entry is { name: string; createdAt?: unknown; ttlSecond?: unknown } => typeof (entry as { name?: unknown } | null)?.name === "string")
    .map(({ name, createdAt, ttlSecond }) => ({
      name,
      createdAt: new Date(typeof createdAt === "string" || typeof createdAt === "number" ? createdAt : Number.NaN),
      ...(typeof ttlSecond === "number" && ttlSecond > 0 && { ttlSecond }),
    }));
}

export function readSessionIds(response: CoreResponse, errors: StoreErrors): string[] {
  const parsed = json(response, "a JSON list of session ids", errors);
  if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === "string")) throw errors.unreadable(response, "a JSON list of session ids");
  return parsed;
}

/** One property's value: the stored JSON parsed, or the raw text when it is not JSON. */
export function readPropertyValue(response: CoreResponse): unknown {
  const text = response.body.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The named properties `all` has (own properties only); absent names are left out. */
export function pickProperties(all: Entity, names: readonly string[]): Entity {
  // fromEntries defines own properties, so even a "__proto__" name stays data.
  return Object.fromEntries(names.filter((name) => Object.prototype.hasOwnProperty.call(all, name)).map((name) => [name, all[name]]));
}
