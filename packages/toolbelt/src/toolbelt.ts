/**
 * `Toolbelt`: the documented static factories. Each wires a component to the
 * shared request core and configuration; components not shipped yet throw a
 * `ToolbeltError` with code `com.liveperson.faas.toolbelt.not-implemented`.
 */
import { configure } from "./config/resolve-config";
import type { ToolbeltSettings } from "./config/types";
import { ErrorCodes } from "./errors/codes";
import { ToolbeltError, type ToolbeltComponent } from "./errors/toolbelt-error";
import { createHttpClient } from "./http/http-client";
import type { HttpClient } from "./http/types";
import { createSecretClient } from "./secrets/secret-client";
import type { SecretClient, SecretClientOptions } from "./secrets/types";

function notYet(factory: string, component: ToolbeltComponent): never {
  throw new ToolbeltError(
    component,
    ErrorCodes.Toolbelt.NotImplemented,
    `Toolbelt.${factory}() is not available in this version of lp-faas-toolbelt yet; it arrives in a later release.`,
  );
}

export class Toolbelt {
  private constructor() {}

  /**
   * Settings for code running outside a Functions platform (tests, scripts):
   * the same values the platform passes as environment variables. Merges over
   * earlier calls; takes effect for the next request.
   * @throws ToolbeltError `com.liveperson.faas.toolbelt.invalid-config` naming the bad field.
   */
  static configure(settings: ToolbeltSettings): void {
    configure(settings);
  }

  /** A request-promise-compatible HTTP client on the toolbelt's egress path (allowlist, rate limit, proxy). */
  static HTTPClient(): HttpClient {
    return createHttpClient();
  }

  /** Salesforce client (jsforce). Not available yet. */
  static SFClient(): never {
    return notYet("SFClient", "SFClient");
  }

  /** mTLS client. Not available yet. */
  static MTLSClient(_clientTLS?: unknown): never {
    return notYet("MTLSClient", "MTLS");
  }

  /** LivePerson API client (CSDS + OAuth 1.0a). Not available yet. */
  static LpClient(): never {
    return notYet("LpClient", "LpClient");
  }

  /**
   * Reads and updates secrets: from the local platform (`LP_FAAS_PLATFORM_URL`), from
   * `Toolbelt.configure({ secrets })`, or from lpf's `functions/settings.json`.
   * Reads are cached (5 minutes by default; `{ cache: { ttl } }` for this client).
   */
  static SecretClient(options?: SecretClientOptions): SecretClient {
    return createSecretClient(options);
  }

  /** Invokes other functions. Not available yet. */
  static OrchestratorClient(): never {
    return notYet("OrchestratorClient", "Orchestrator-FN");
  }

  /** Conversation helpers (Messaging Interactions). Not available yet. */
  static ConversationUtil(): never {
    return notYet("ConversationUtil", "Conversation-Util");
  }

  /** GDPR helpers (conversation file replacement). Not available yet. */
  static GDPRUtil(): never {
    return notYet("GDPRUtil", "GDPR-Util");
  }

  /** Engagement attribute (SDE) helpers. Not available yet. */
  static SDEUtil(): never {
    return notYet("SDEUtil", "SDE-Util");
  }

  /** Context Session Store client. Not available yet. */
  static ContextServiceClient(_config?: unknown): never {
    return notYet("ContextServiceClient", "ContextServiceClient");
  }
}
