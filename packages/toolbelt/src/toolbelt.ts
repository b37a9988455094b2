/**
 * `Toolbelt`: the documented static factories. Each wires a component to the
 * shared request core and configuration.
 */
import { configure } from "./config/resolve-config";
import type { ToolbeltSettings } from "./config/types";
import { createContextServiceClient } from "./context/context-service-client";
import type { IFaaSContextServiceClient, IFaaSContextServiceClientConfig } from "./context/types";
import { createConversationUtil, type ConversationUtil } from "./conversation/conversation-util";
import { createCsdsClient, type CsdsClient } from "./csds/csds-client";
import { createGDPRUtil } from "./gdpr/gdpr-util";
import type { GDPRUtil } from "./gdpr/types";
import { createHttpClient } from "./http/http-client";
import type { HttpClient } from "./http/types";
import { createMtlsClient } from "./mtls/mtls-client";
import type { ClientTLS, MTLSClient } from "./mtls/types";
import { createLpClient, type LpClient } from "./lp-client/lp-client";
import { createOrchestratorClient } from "./orchestrator/orchestrator-client";
import type { OrchestratorClient } from "./orchestrator/types";
import { createSecretClient } from "./secrets/secret-client";
import type { SecretClient, SecretClientOptions } from "./secrets/types";
import { createSDEUtil, type SDEUtil } from "./sde/sde-util";
import { createSFClient, type SFClient } from "./salesforce/salesforce-client";

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

  /**
   * Salesforce client: `connectToSalesforce(params)` → a jsforce `Connection` (params passed
   * through) whose HTTP traffic, token refresh included, goes through the toolbelt's egress
   * path (allowlist, rate limit, proxy, TLS verification). jsforce loads on the first call.
   */
  static SFClient(): SFClient {
    return createSFClient();
  }

  /**
   * An mTLS client presenting `cert`/`key` (PEM strings or Buffers); `ca` (optional) is
   * trusted for the upstream's certificate. Methods: `get|post|put|delete|patch(url,
   * headers?, body?, options?)`, `head|options(url, headers?, options?)`, with
   * `options = { timeout?, json?, allowSelfSigned? }`. The upstream certificate is verified
   * unless `allowSelfSigned: true`. Requests pass the egress allowlist and share one
   * keep-alive pool per client.
   * @throws ToolbeltError (component "MTLS") `mtls.missing-conf`, `mtls.invalid-cert`, `mtls.invalid-key`.
   */
  static MTLSClient(clientTLS: ClientTLS): MTLSClient {
    return createMtlsClient(clientTLS);
  }

  /**
   * The LivePerson API client: `lpClient(service, path, options)` finds the service's
   * host through CSDS, signs the request with the account's API key (OAuth 1.0a, secret
   * `options.appKeySecretName`, default `lp-faas-default-app-key`) and sends it as
   * `Toolbelt.HTTPClient()` would with the same options.
   */
  static LpClient(): LpClient {
    return createLpClient();
  }

  /**
   * The Domain API (CSDS) client every LivePerson client uses: `get(service)` → the
   * service's baseURI, `getAll()`. Answers are shared process-wide and kept 10 minutes.
   */
  static CsdsClient(): CsdsClient {
    return createCsdsClient();
  }

  /**
   * Reads and updates secrets: from the local platform (`LP_FAAS_PLATFORM_URL`), from
   * `Toolbelt.configure({ secrets })`, or from lpf's `functions/settings.json`.
   * Reads are cached (5 minutes by default; `{ cache: { ttl } }` for this client).
   */
  static SecretClient(options?: SecretClientOptions): SecretClient {
    return createSecretClient(options);
  }

  /**
   * Invokes other functions: `invoke(invocations, deadline = 25000, options?)` → one
   * `{ uuid, body, headers, statusCode, error? }` per invocation, in order. Requests go
   * through the gateway (CSDS service `faasGW`) signed with the API key in secret
   * `lp-faas-orchestrator-app-key`; the deadline aborts everything still in flight.
   */
  static OrchestratorClient(): OrchestratorClient {
    return createOrchestratorClient();
  }

  /** Conversation helpers: `getConversationById` (Messaging Interactions, via LpClient), `scanConversationForKeywords`. */
  static ConversationUtil(): ConversationUtil {
    return createConversationUtil();
  }

  /**
   * GDPR helpers: `replaceConversationFiles(conversation, credentials, shouldReplace?, replacementFile?)`
   * overwrites a conversation's files in the file storage (CSDS service `swift`).
   */
  static GDPRUtil(): GDPRUtil {
    return createGDPRUtil();
  }

  /** Engagement attribute (SDE) helpers: `addSDEs` (Engagement Attributes API, via LpClient), `getSDEsFromConv`. */
  static SDEUtil(): SDEUtil {
    return createSDEUtil();
  }

  /**
   * Context Session Store client for `accountId`, authenticated with `apiKey` (sent only as
   * the `maven-api-key` header). The store's host is CSDS service `mavenContext`; requests go
   * through the egress path, so that host must be on the allowlist. Each attempt has a
   * 10 s deadline that aborts it; network failures are retried (3 attempts, 2 s and 4 s
   * apart), HTTP errors are not. Failures reject with `SDKError`.
   * @throws SDKError `com.liveperson.context-service-sdk.parameter.invalid` (synchronously)
   *   when `config`, its `apiKey` or its `accountId` is missing or unusable.
   */
  static ContextServiceClient(config: IFaaSContextServiceClientConfig): IFaaSContextServiceClient {
    return createContextServiceClient(config);
  }
}
