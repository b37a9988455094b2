/**
 * What `Toolbelt.configure({...})` accepts: the same settings the platform
 * passes through the environment, for code running outside any platform.
 */
export interface ToolbeltSettings {
  /** Account id (`BRAND_ID`). */
  brandId?: string;
  /** Function uuid (`LAMBDA_UUID`); sent as `User-Agent: LP-Lambda-<uuid>`. */
  lambdaUuid?: string;
  /** Domain API host (`CSDS_DOMAIN`), or a full `http(s)://` base URL used as given. */
  csdsDomain?: string;
  /** Base URL of a local platform's API (`LP_FAAS_PLATFORM_URL`). */
  platformUrl?: string;
  /**
   * Egress allowlist: exact hosts, `*.domain` wildcards, IP addresses. Setting it
   * (even to `[]`) turns the egress policy on; LivePerson's default domains are always added.
   */
  allowlist?: readonly string[];
  /** Requests per second per process; `false` or `0` turns the limit off. */
  rateLimit?: number | false;
  /** Secrets for code running outside a platform (JSON secrets are objects). */
  secrets?: Readonly<Record<string, string | number | boolean | object>>;
  /** How long a read secret is cached, in ms. */
  secretCacheMs?: number;
  /** Proxy for `https:` targets (`HTTPS_PROXY`). */
  httpsProxy?: string;
  /** Proxy for `http:` targets (`HTTP_PROXY`). */
  httpProxy?: string;
  /** Hosts reached directly, bypassing the proxy (`NO_PROXY`); never bypasses the allowlist. */
  noProxy?: string;
}

/** Where the egress allowlist came from. */
export type AllowlistSource = "configure" | "platform" | "settings-file" | "none";

/** The settings after `configure()`, the environment, `settings.json` and defaults were applied. */
export interface ResolvedConfig {
  readonly brandId: string | undefined;
  readonly lambdaUuid: string | undefined;
  /** Base URL of the Domain API, always with a scheme, never with a trailing slash. */
  readonly csdsBaseUrl: string;
  readonly platformUrl: string | undefined;
  /**
   * The user's allowlist entries (defaults not included); `null` = no egress policy.
   * With source `"platform"` this is empty: the entries are read from the platform API at request time.
   */
  readonly allowlist: readonly string[] | null;
  readonly allowlistSource: AllowlistSource;
  /** 0 = off. */
  readonly rateLimitPerSecond: number;
  readonly secrets: Readonly<Record<string, unknown>> | undefined;
  /** Where `secrets` came from. */
  readonly secretsSource: "configure" | "settings-file" | "none";
  readonly secretCacheMs: number;
  readonly proxy: { readonly http: string | undefined; readonly https: string | undefined; readonly noProxy: string | undefined };
  /** The lpf settings file that was read, if any. */
  readonly settingsFile: string | undefined;
}
