/**
 * `Toolbelt.SDEUtil()`: adds Engagement Attributes (SDEs) to a visit through
 * the Engagement Attributes API (service `smt`) via LpClient, and extracts the
 * SDEs of a conversation (the extraction lives in `sde-extract.ts`).
 */
import type { Conversation } from "../conversation/types";
import { requireBrandId } from "../csds/account";
import { LpServices } from "../enums/lp-services";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import type { FullResponse } from "../http/types";
import { bodyExcerpt, lpJsonCall, messageOf, toolbeltCause } from "../lp-client/call-errors";
import { createLpClient, type LpClient } from "../lp-client/lp-client";
import { getSDEsFromConv } from "./sde-extract";
import type { SDE, SDEsFromConversation } from "./types";

export interface SDEUtil {
  /**
   * Adds or updates `sdes` on the current visit of `visitorId` in session `sessionId`.
   * @throws ToolbeltError (component `SDE-Util`): `com.liveperson.faas.sdes-util-general`
   *   (bad arguments, network failure), `com.liveperson.faas.sdes-util.unexpected-response`
   *   (non-2xx); CSDS, secret and LpClient credential errors pass through unchanged.
   */
  addSDEs(sdes: SDE[], visitorId: string, sessionId: string): Promise<void>;
  /** The conversation's `sdes` and `unAuthSdes`, events sorted oldest first. */
  getSDEsFromConv(conversation: Conversation): SDEsFromConversation;
}

export interface SDEUtilDeps {
  lpClient?: LpClient;
}

function general(message: string, cause?: unknown): ToolbeltError {
  return new ToolbeltError("SDE-Util", ErrorCodes.SDEsUtil.General, message, cause === undefined ? undefined : { cause });
}

/** One URL path segment or query value: encoded, and never a dot segment the URL parser would resolve. */
function encodedId(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") throw general(`Please provide a ${what}.`);
  if (value === "." || value === "..") throw general(`Please provide a valid ${what} ("${value}" is not one).`);
  return encodeURIComponent(value);
}

/** Checks `addSDEs`' arguments; the visitor and session ids come back encoded for the path (the V2 entry sends the same). */
export function checkedSdeTarget(sdes: unknown, visitorId: unknown, sessionId: unknown): { visitor: string; session: string } {
  if (!Array.isArray(sdes) || sdes.length === 0) throw general("Please provide one or more SDEs");
  const bad = sdes.findIndex((sde) => !sde || typeof sde !== "object" || Array.isArray(sde));
  if (bad !== -1) throw general(`Please provide one or more SDEs (the SDE at index ${bad} is not an object)`);
  return { visitor: encodedId(visitorId, "visitor ID"), session: encodedId(sessionId, "session ID") };
}

export function createSDEUtil(deps: SDEUtilDeps = {}): SDEUtil {
  const lpClient = deps.lpClient ?? createLpClient();

  return {
    async addSDEs(sdes, visitorId, sessionId) {
      const { visitor, session } = checkedSdeTarget(sdes, visitorId, sessionId);
      const brandId = requireBrandId("SDE-Util");

      let response: FullResponse;
      try {
        response = await lpJsonCall(
          lpClient,
          LpServices.SMT,
          `/api/account/${encodeURIComponent(brandId)}/monitoring/visitors/${visitor}/visits/current/events?v=1&sid=${session}`,
          "PUT",
          sdes,
        );
      } catch (error) {
        const passThrough = toolbeltCause(error);
        if (passThrough) throw passThrough;
        throw general(`Error while setting SDEs: ${messageOf(error)}`, error);
      }
      if (response.statusCode < 200 || response.statusCode > 299) {
        throw new ToolbeltError(
          "SDE-Util",
          ErrorCodes.SDEsUtil.UnexpectedResponse,
          `Unexpected response: ${bodyExcerpt(response.body)}. Status Code: ${response.statusCode}`,
        );
      }
    },

    getSDEsFromConv(conversation) {
      return getSDEsFromConv(conversation);
    },
  };
}
