/**
 * Every HTTP service of the platform, in one table: where it is mounted and
 * the factory that builds its router. The composition root mounts them all;
 * a service is added here and nowhere else. Keyed by name so the table cannot
 * miss one. The most specific prefix owns its paths (http/server.ts).
 */
import { PLATFORM_API_PREFIX } from "lp-faas-toolbelt/platform";
import type { Router } from "../http/router";
import { createContextStoreRouter } from "./context-store/router";
import { createCsdsRouter } from "./csds/router";
import { createDashboardRouter } from "./dashboard/router";
import type { ServiceDeps } from "./deps";
import { createEngagementAttributesRouter } from "./engagement-attributes/router";
import { createGatewayRouter } from "./gateway/router";
import { createMessagingInteractionsRouter } from "./messaging-interactions/router";
import { createMtlsGatewayRouter, MTLS_GATEWAY_PREFIX } from "./mtls-gateway/router";
import { createObjectStorageRouter, createSwiftAuthRouter } from "./object-storage/router";
import { createPlatformApiRouter } from "./platform-api/router";
import { createSentinelRouter } from "./sentinel/router";

export type ServiceName =
  | "platform-api"
  | "csds"
  | "gateway"
  | "messaging-interactions"
  | "engagement-attributes"
  | "context-store"
  | "swift-auth"
  | "object-storage"
  | "sentinel"
  | "mtls-gateway"
  | "dashboard";

export interface ServiceDefinition {
  /** Where its routes start. */
  readonly prefix: string;
  /** What it emulates, for the docs and `lp-faas dev`'s log. */
  readonly description: string;
  readonly create: (deps: ServiceDeps) => Router;
}

export const SERVICES: Readonly<Record<ServiceName, ServiceDefinition>> = {
  "platform-api": {
    prefix: PLATFORM_API_PREFIX,
    description: "the platform's own API: secrets, allowlist, functions, invocations, context keys, conversations",
    create: createPlatformApiRouter,
  },
  csds: { prefix: "/api/account", description: "service discovery (CSDS): every service points back here", create: createCsdsRouter },
  gateway: { prefix: "/api/account", description: "faasGW: invoke a function by uuid (OAuth 1.0a or a Sentinel bearer token)", create: createGatewayRouter },
  "messaging-interactions": {
    prefix: "/messaging_history/api/account",
    description: "Messaging Interactions conversation search (OAuth 1.0a or a Sentinel bearer token)",
    create: createMessagingInteractionsRouter,
  },
  "engagement-attributes": {
    prefix: "/api/account",
    description: "Engagement Attributes: SDEs for a visit (OAuth 1.0a or a Sentinel bearer token)",
    create: createEngagementAttributesRouter,
  },
  "context-store": { prefix: "/v1/account", description: "the Context Session Store v1 REST API (maven-api-key)", create: createContextStoreRouter },
  "swift-auth": { prefix: "/auth", description: "Swift object storage authentication", create: createSwiftAuthRouter },
  sentinel: {
    prefix: "/sentinel/api",
    description: "Sentinel: OAuth 2.0 client credentials tokens (secret LIVEPERSON_DEFAULT_APP_KEY)",
    create: createSentinelRouter,
  },
  "mtls-gateway": {
    prefix: MTLS_GATEWAY_PREFIX,
    description: "the LP MTLS gateway (mtlsGateway): calls a target with the client certificate lp-faas mtls add registered (Sentinel bearer token)",
    create: createMtlsGatewayRouter,
  },
  "object-storage": { prefix: "/v1", description: "Swift object storage (GDPRUtil's file storage)", create: (deps) => createObjectStorageRouter(deps) },
  dashboard: { prefix: "", description: "the dashboard: the platform in the browser (docs/platform/dashboard.md)", create: () => createDashboardRouter() },
};
