/**
 * The replay guard of OAuth 1.0a verification (oauth1-verify.ts): nonces
 * already used, per consumer key + token, each kept until its request's
 * timestamp leaves the acceptance window (after that the timestamp check
 * refuses a replay anyway). In memory only: a platform restart forgets them.
 */

/** The most nonces remembered at once; past it expired ones are dropped, then the oldest. */
export const DEFAULT_MAX_NONCES = 100_000;

/** Bounded: when full, expired entries are dropped first, then the oldest. */
export class NonceCache {
  private readonly entries = new Map<string, number>();
  private inserts = 0;

  constructor(private readonly maxEntries = DEFAULT_MAX_NONCES) {}

  get size(): number {
    return this.entries.size;
  }

  /** True when the nonce is new (and records it until `expiresAtMs`); false when it was seen and has not expired. */
  remember(consumerKey: string, token: string, nonce: string, expiresAtMs: number, nowMs: number): boolean {
    const id = `${consumerKey}\u0000${token}\u0000${nonce}`;
    const until = this.entries.get(id);
    if (until !== undefined && until >= nowMs) return false;
    if (until !== undefined) this.entries.delete(id);
    if (++this.inserts % 1024 === 0 || this.entries.size >= this.maxEntries) this.prune(nowMs);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(id, expiresAtMs);
    return true;
  }

  private prune(nowMs: number): void {
    for (const [id, until] of this.entries) if (until < nowMs) this.entries.delete(id);
  }
}
