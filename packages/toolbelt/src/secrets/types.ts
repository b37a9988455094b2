/** SecretClient's public types. */

/** A secret: its name and value (a string, number, or a JSON object for JSON secrets). */
export interface SecretEntry<T = unknown> {
  key: string;
  value: T;
}

export interface SecretReadOptions {
  /** Serve from the read cache when fresh (default true). */
  useCache?: boolean;
  /** Milliseconds allowed for the backend (default 5000). */
  timeout?: number;
}

export interface SecretClientOptions {
  /** Read cache for this client only; `ttl` in ms (default: the configured secret cache TTL, 5 minutes). */
  cache?: { ttl?: number };
}

export interface SecretClient {
  /**
   * Reads a secret.
   * @throws ToolbeltError `com.liveperson.faas.secret.not-found` when there is no such secret,
   *   `com.liveperson.faas.secret.op-timed-out`, `com.liveperson.faas.secret.op-failed`.
   */
  readSecret<T = unknown>(key: string, options?: SecretReadOptions): Promise<SecretEntry<T>>;
  /**
   * Replaces the value of an existing secret and returns the stored entry.
   * @throws ToolbeltError `com.liveperson.faas.secret.forbidden` for system secrets,
   *   `com.liveperson.faas.secret.invalid-format` for a value that is not JSON or too long,
   *   `com.liveperson.faas.secret.op-failed` when the secret does not exist or the store fails.
   */
  updateSecret<T = unknown>(entry: SecretEntry<T>, options?: SecretReadOptions): Promise<SecretEntry<T>>;
}
