/**
 * The account id every LivePerson client needs. Read at call time (never at
 * construction, so a later `Toolbelt.configure()` counts) and checked before any request,
 * so a missing id never becomes `/account/undefined/...` on the wire (V2 never checked).
 */
import { getConfig } from "../config/resolve-config";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError, type ToolbeltComponent } from "../errors/toolbelt-error";

/**
 * The configured account id (`BRAND_ID` / `Toolbelt.configure({ brandId })`).
 * @throws ToolbeltError `com.liveperson.faas.toolbelt.invalid-config` when none is configured.
 */
export function requireBrandId(component: ToolbeltComponent): string {
  const brandId = getConfig().brandId;
  if (!brandId) {
    throw new ToolbeltError(
      component,
      ErrorCodes.Toolbelt.InvalidConfig,
      "No LivePerson account id is configured: set the BRAND_ID environment variable or call Toolbelt.configure({ brandId: '<account id>' }).",
    );
  }
  return brandId;
}
