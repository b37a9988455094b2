/**
 * What the composition root hands every service factory: the platform's
 * shared state and collaborators, built once. A service takes the part it
 * needs (`Pick<ServiceDeps, ...>`), which keeps its tests small.
 */
import type { LpAuthenticator } from "../auth/lp-authenticator";
import type { OAuth2Tokens } from "../auth/oauth2-tokens";
import type { ConversationCatalog } from "../conversations/conversation-catalog";
import type { FunctionCatalog, SettingsStore } from "../project/types";
import type { Runtime } from "../runtime/types";
import type { SqliteContextStore } from "../state/context-store";
import type { InvocationStore } from "../state/invocations";
import type { RuntimeObserver } from "./dashboard/runtime-observer";
import type { SwiftTokens } from "./object-storage/swift-tokens";

export interface ServiceDeps {
  /** The account the platform plays. */
  readonly accountId: string;
  readonly projectDir: string;
  /** Where the platform keeps its state (state.db, files/, admin-token); default `<project>/.lp-faas`. */
  readonly stateDir: string;
  /** The platform's own URL (`http://127.0.0.1:<port>`), known once it listens. */
  baseUrl(): string;
  log(line: string): void;
  /** Epoch ms when the platform started. */
  readonly startedAt: number;
  readonly settings: SettingsStore;
  readonly catalog: FunctionCatalog;
  readonly runtime: Runtime;
  /** Instance states and recent invocations' inputs and results, for the dashboard (services/dashboard/runtime-observer.ts). */
  readonly runtimeObserver: RuntimeObserver;
  readonly invocations: InvocationStore;
  readonly contextStore: SqliteContextStore;
  readonly conversations: ConversationCatalog;
  /** OAuth 1.0a against the project's app keys (one nonce memory for every API), or a bearer token of `oauth2Tokens`. */
  readonly lpAuth: LpAuthenticator;
  /** The OAuth 2.0 access tokens Sentinel issues and lpAuth accepts. */
  readonly oauth2Tokens: OAuth2Tokens;
  /** Object storage tokens, issued by `/auth/v1.0` and checked under `/v1`. */
  readonly swiftTokens: SwiftTokens;
}
