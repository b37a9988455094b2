/**
 * The document `lp-faas context export` writes and `import` reads (format
 * `lp-faas-context-namespace`, version 1; type `ContextNamespaceExport`): built
 * from stored rows, and an import document parsed and checked in full before
 * the store writes anything. Pure: the store (`context-store.ts`) does the SQL.
 */
import { badInput } from "../errors";
import type { ContextNamespace, ContextNamespaceExport, ContextProperties } from "./context-types";
import {
  checkAccountId,
  checkId,
  checkNamespaceName,
  checkSessionBytes,
  checkTtlSecond,
  describeValue,
  encodeProperties,
  isPlainObject,
  setOwn,
  type EncodedProperty,
} from "./context-validation";

export const EXPORT_FORMAT: ContextNamespaceExport["format"] = "lp-faas-context-namespace";

/** One stored property of a namespace: session id, property name, the value's JSON text. */
export type ExportRow = [sessionId: string, name: string, json: string];

/** The export of `namespace`, from its live properties ordered by session (rows of a session are adjacent). */
export function buildExport(accountId: string, namespace: ContextNamespace, rows: Iterable<ExportRow>): ContextNamespaceExport {
  const sessions: Record<string, ContextProperties> = {};
  let current: ContextProperties | undefined;
  let currentId: string | undefined;
  for (const [sessionId, property, value] of rows) {
    if (sessionId !== currentId || current === undefined) {
      currentId = sessionId;
      current = {};
      setOwn(sessions, sessionId, current);
    }
    setOwn(current, property, JSON.parse(value));
  }
  return {
    format: EXPORT_FORMAT,
    version: 1,
    accountId,
    namespace: {
      name: namespace.name,
      createdAt: new Date(namespace.createdAt).toISOString(),
      ...(namespace.ttlSecond !== undefined && { ttlSecond: namespace.ttlSecond }),
    },
    sessions,
  };
}

/** Where to import instead of the document's own account and namespace. */
export interface ImportTarget {
  accountId?: string;
  namespace?: string;
}

/** An import document, checked, with every session's properties encoded for the store. */
export interface ParsedImport {
  accountId: string;
  /** The namespace to import into: the target's, else the document's. */
  namespace: string;
  /** The document's TTL, for a namespace the import creates. */
  ttlSecond: number | undefined;
  /** The document's namespace creation date, epoch ms. */
  createdAt: number;
  sessions: Array<[sessionId: string, entries: EncodedProperty[]]>;
}

/** A session id as an error message names it, shortened. */
const sessionField = (sessionId: string): string => `"sessions.${sessionId.length > 60 ? `${sessionId.slice(0, 57)}...` : sessionId}"`;

/**
 * Checks an import document field by field, in document order; a 400 names the
 * first bad field, a 413 the first session over `maxSessionBytes`.
 */
export function parseImportDocument(data: unknown, target: ImportTarget = {}): ParsedImport {
  const doc = data as Partial<ContextNamespaceExport> | null;
  if (!isPlainObject(doc)) throw badInput("The import must be a JSON object (an lp-faas context export)");
  if (doc.format !== EXPORT_FORMAT) throw badInput(`"format" must be "${EXPORT_FORMAT}", not ${describeValue(doc.format)}`);
  if (doc.version !== 1) throw badInput(`"version" must be 1, not ${describeValue(doc.version)}`);
  if (typeof doc.accountId !== "string") throw badInput(`"accountId" must be a string, not ${describeValue(doc.accountId)}`);
  const accountId = checkAccountId(target.accountId ?? doc.accountId, target.accountId === undefined ? '"accountId"' : "The account id");
  const ns = doc.namespace as Partial<ContextNamespaceExport["namespace"]> | undefined;
  if (!isPlainObject(ns)) throw badInput(`"namespace" must be an object { name, createdAt, ttlSecond? }`);
  checkNamespaceName(ns.name, '"namespace.name"');
  if (typeof ns.createdAt !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(ns.createdAt) || !Number.isFinite(Date.parse(ns.createdAt))) {
    throw badInput(`"namespace.createdAt" must be an ISO-8601 date, not ${describeValue(ns.createdAt)}`);
  }
  const ttlSecond = checkTtlSecond(ns.ttlSecond, '"namespace.ttlSecond"');
  const namespace = checkNamespaceName(target.namespace ?? ns.name, target.namespace === undefined ? '"namespace.name"' : "target namespace");
  if (!isPlainObject(doc.sessions)) throw badInput(`"sessions" must be an object (session id → properties)`);
  const sessions: ParsedImport["sessions"] = [];
  for (const sessionId of Object.keys(doc.sessions)) {
    const field = sessionField(sessionId);
    checkId(sessionId, `session id ${field}`);
    const { entries, bytes } = encodeProperties(doc.sessions[sessionId], field);
    checkSessionBytes(field, bytes);
    sessions.push([sessionId, entries]);
  }
  return { accountId, namespace, ttlSecond, createdAt: Date.parse(ns.createdAt), sessions };
}
