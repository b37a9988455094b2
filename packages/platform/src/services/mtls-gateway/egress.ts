/**
 * The egress policy of the gateway's target: the toolbelt's own policy
 * (`createEgressPolicy`), built as a function's worker builds it — the
 * project's allowlist (read at each call, so `lp-faas allowlist add` applies
 * at once) plus LivePerson's default domains, the platform's own origin
 * exempt — so the gateway refuses exactly what a function's own request is
 * refused, with the same message.
 */
import { createEgressPolicy, type ResolvedConfig } from "lp-faas-toolbelt/worker";
import type { SettingsStore } from "../../project/types";

/** The configuration a function's worker runs with, as far as the egress policy reads it. */
function workerConfig(allowlist: readonly string[], platformUrl: string): ResolvedConfig {
  return {
    brandId: undefined,
    lambdaUuid: undefined,
    csdsBaseUrl: platformUrl,
    platformUrl,
    allowlist,
    allowlistSource: "platform",
    rateLimitPerSecond: 0,
    secrets: undefined,
    secretsSource: "none",
    secretCacheMs: 0,
    proxy: { http: undefined, https: undefined, noProxy: undefined },
    settingsFile: undefined,
  };
}

/**
 * Throws the toolbelt's refusal (`ToolbeltError`, code
 * `…egress.host-refused`, a message naming `lp-faas allowlist add <host>`)
 * when `target` may not be called.
 */
export function checkTargetAllowed(settings: SettingsStore, platformUrl: string, target: URL): void {
  createEgressPolicy(workerConfig(settings.listAllowlist(), platformUrl)).check(target);
}
