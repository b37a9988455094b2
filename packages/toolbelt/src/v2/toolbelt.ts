/**
 * `Toolbelt` of the V2 entry (`lp-faas-toolbelt/v2`, what
 * `core-functions-toolbelt` resolves to under lp-faas): core-functions-toolbelt's
 * static factories. The CSDS client is one per process; every other factory
 * returns a new client (an LpClient, and each util's LpClient, with its own
 * token cache).
 */
import { createContextServiceClient, type IContextServiceClient } from "./context/index";
import { createConversationUtil, type IConversationUtil } from "./conversation/conversation-util";
import { sharedCsds } from "./csds/shared-csds";
import { createGDPRUtil, type IGDPRUtil } from "./gdpr/gdpr-util";
import { createLpClient, type ILpClient } from "./lp-client/lp-client";
import { createLpMtlsClient, createMtlsClient, type ClientTlsConfig, type ILpMtlsClient, type IMtlsClient } from "./mtls/index";
import { createOrchestratorClient, type IOrchestratorClient } from "./orchestrator/index";
import { createSFClient, type ISFClient } from "./salesforce/sf-client";
import { createSDEUtil, type ISDEUtil } from "./sde/sde-util";
import { createSecretClient, type ISecretClient, type SecretClientOptions } from "./secrets/secret-client";

/** `Toolbelt.CsdsClient()`: the Domain API lookups every V2 client uses. */
export interface ICsdsClient {
  /**
   * The baseURI CSDS lists for `service` (e.g. `va.msghist.liveperson.net`).
   * @throws ToolBeltError (component `CSDS-Client`) `com.liveperson.faas.csds.domain.not-found`, `com.liveperson.faas.csds.op-failed`.
   */
  get(service: string): Promise<string>;
  /** Every service as `{ [service]: baseURI }`. */
  getAll(): Promise<Array<Record<string, string>>>;
}

let publicCsds: ICsdsClient | undefined;

export class Toolbelt {
  private constructor() {}

  /**
   * Secrets of the account: `readSecret(key, { useCache?, timeout? })`, `updateSecret({ key, value })`.
   * Reads are cached in `globalSecretCache` for `options.cache.ttl` ms (default 300000), for this client only.
   */
  static SecretClient(options?: SecretClientOptions): ISecretClient {
    return createSecretClient(options);
  }

  /**
   * `lpClient(service, path, options?)` → the fetch `Response` of a LivePerson API call,
   * authorized with an OAuth 2.0 token for the client credentials in `LIVEPERSON_DEFAULT_APP_KEY`
   * (or `options.appKeySecretName`). Each call of this factory has its own token cache.
   * @throws ToolBeltError `com.liveperson.faas.toolbelt.invalid-config` when `X_LIVEPERSON_BRAND_ID` is unset.
   */
  static LpClient(): ILpClient {
    return createLpClient();
  }

  /** `getConversationById(id, contentToRetrieve?)` (Messaging Interactions) and `scanConversationForKeywords(conversation, keywords)`. */
  static ConversationUtil(): IConversationUtil {
    return createConversationUtil(createLpClient());
  }

  /** `addSDEs(sdes, visitorId, sessionId)` (Engagement Attributes) and `getSDEsFromConv(conversation)`. */
  static SDEUtil(): ISDEUtil {
    return createSDEUtil(createLpClient());
  }

  /** `replaceConversationFiles(conversation, { username, password }, shouldReplace?, replacementFile?)` (file storage `swift`). */
  static GDPRUtil(): IGDPRUtil {
    return createGDPRUtil();
  }

  /**
   * Requests with a client certificate: `get|post|put|delete|patch(url, headers?, body?, options?)`,
   * `head|options(url, headers?, options?)`. The server's certificate is verified unless `allowSelfSigned: true`.
   */
  static MTLSClient(config: ClientTlsConfig): IMtlsClient {
    return createMtlsClient(config);
  }

  /** Requests through LivePerson's MTLS gateway (CSDS `mtlsGateway`), which presents the certificate configured for the target. */
  static LPMtlsClient(): ILpMtlsClient {
    return createLpMtlsClient();
  }

  /** `invoke(invocations, deadline = 25000, options?)`: other functions of the account through the gateway (CSDS `faasGW`). */
  static OrchestratorClient(): IOrchestratorClient {
    return createOrchestratorClient();
  }

  /** The process-wide Domain API client (the same object on every call): `get(service)`, `getAll()` (answers kept 600 s). */
  static CsdsClient(): ICsdsClient {
    if (!publicCsds) {
      const csds = sharedCsds();
      publicCsds = Object.freeze({ get: (service: string) => csds.get(service), getAll: () => csds.getAll() });
    }
    return publicCsds;
  }

  /** The Context Session Store for the account, authenticated with `apiKey`. @throws Error `No valid API-key was provided` for a falsy key. */
  static ContextServiceClient(apiKey: string): IContextServiceClient {
    return createContextServiceClient(apiKey);
  }

  /**
   * `connectToSalesforce(params)` → a jsforce `Connection` on the toolbelt's egress path.
   * @deprecated as in core-functions-toolbelt.
   */
  static SFClient(): ISFClient {
    return createSFClient();
  }
}
