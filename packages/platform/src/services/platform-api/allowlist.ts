/** `/_platform/allowlist`: the egress allowlist (functions/settings.json `whitelist`), read by every function's egress policy. */
import { PlatformRoutes } from "lp-faas-toolbelt/platform";
import { badInput, notFound } from "../../errors";
import { expectObject, readJson } from "../../http/body";
import { sendJson, sendNoContent } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import type { SettingsStore } from "../../project/types";

export function addAllowlistRoutes(router: Router, settings: SettingsStore): void {
  router.on("GET", PlatformRoutes.allowlist, ({ res }) => {
    sendJson(res, 200, { entries: settings.listAllowlist() });
  });

  router.on(
    "POST",
    PlatformRoutes.allowlist,
    async ({ req, res }) => {
      const { entry } = expectObject(await readJson(req), "The allowlist entry") as { entry?: unknown };
      if (typeof entry !== "string") throw badInput('The body must be { "entry": "api.example.com" }');
      const added = settings.addAllowlist(entry);
      sendJson(res, added ? 201 : 200, { entries: settings.listAllowlist() });
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    PlatformRoutes.allowlistEntry,
    ({ res, params }) => {
      if (!settings.removeAllowlist(params.entry!)) throw notFound(`"${params.entry}" is not on the allowlist`);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );
}
