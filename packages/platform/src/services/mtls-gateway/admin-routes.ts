/**
 * `/_platform/mtls`: the mTLS gateway's client certificates, for scripts and
 * tools (admin token required: the answers describe certificates, and a PUT
 * stores a private key). `lp-faas mtls` writes the same files directly
 * (project/mtls-store.ts), as the other project-editing commands do.
 *
 *     GET    /_platform/mtls                 200 { certificates: [{ host, subject, issuer, validFrom, validTo, fingerprint256, hasCa }] }
 *     PUT    /_platform/mtls/{host}          { cert, key, ca? } (PEM texts) → 201 (new) or 200 (replaced) { certificate }
 *     DELETE /_platform/mtls/{host}          204; 404 when the host has none
 *
 * Key material is never answered.
 */
import { badInput, notFound } from "../../errors";
import { expectObject, readJson } from "../../http/body";
import { sendJson, sendNoContent } from "../../http/respond";
import { ADMIN_ONLY, type Router } from "../../http/router";
import { openMtlsStore } from "../../project/mtls-store";
import type { ServiceDeps } from "../deps";

export const MTLS_ADMIN_PATH = "/mtls";

function pemField(body: Record<string, unknown>, name: "cert" | "key" | "ca", required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "")
    throw badInput(`The body must be { "cert": "<PEM>", "key": "<PEM>", "ca"?: "<PEM>" }: ${name} is missing or not a string`);
  return value;
}

export function addMtlsAdminRoutes(router: Router, deps: Pick<ServiceDeps, "stateDir">): void {
  const store = openMtlsStore(deps.stateDir);

  router.on("GET", MTLS_ADMIN_PATH, ({ res }) => sendJson(res, 200, { certificates: store.list() }), ADMIN_ONLY);

  router.on(
    "PUT",
    `${MTLS_ADMIN_PATH}/:host`,
    async ({ req, res, params }) => {
      const body = expectObject(await readJson(req), "The certificate registration");
      const ca = pemField(body, "ca", false);
      const { registration, replaced } = store.add(params.host!, {
        cert: pemField(body, "cert", true)!,
        key: pemField(body, "key", true)!,
        ...(ca !== undefined && { ca }),
      });
      sendJson(res, replaced ? 200 : 201, { certificate: registration });
    },
    ADMIN_ONLY,
  );

  router.on(
    "DELETE",
    `${MTLS_ADMIN_PATH}/:host`,
    ({ res, params }) => {
      if (!store.remove(params.host!)) throw notFound(`No client certificate is registered for ${params.host} (see GET /_platform/mtls)`);
      sendNoContent(res);
    },
    ADMIN_ONLY,
  );
}
