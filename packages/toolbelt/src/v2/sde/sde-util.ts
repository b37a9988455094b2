/**
 * `Toolbelt.SDEUtil()` of the V2 entry: `addSDEs` over the V2 LpClient
 * (Engagement Attributes, service `smt`, spec wire §4; visitor and session ids
 * encoded, B19) and V1's `getSDEsFromConv` (stable numeric sort into new
 * arrays, the conversation untouched, B19).
 */
import type { Conversation } from "../../conversation/types";
import { bodyExcerpt } from "../../lp-client/call-errors";
import { getSDEsFromConv } from "../../sde/sde-extract";
import { checkedSdeTarget } from "../../sde/sde-util";
import type { SDE, SDEsFromConversation } from "../../sde/types";
import { ErrorCodes } from "../errors/codes";
import { ToolBeltError, toV2Error } from "../errors/toolbelt-error";
import { LpServices } from "../enums/lp-services";
import { jsonCall } from "../lp-client/json-call";
import { createLpClient, type ILpClient } from "../lp-client/lp-client";
import { brandId } from "../runtime/env";

export interface ISDEUtil {
  /**
   * Adds `sdes` to the current visit of `visitorId` in session `sessionId`.
   * @throws ToolBeltError (component `SDE-Util`) `com.liveperson.faas.sdes-util-general` (bad arguments, network),
   *   `…sdes-util.unexpected-response` (non-2xx); CSDS, secret, credential and OAuth2 errors unchanged.
   */
  addSDEs(sdes: SDE[], visitorId: string, sessionId: string): Promise<void>;
  /** The conversation's `sdes` and `unAuthSdes`, events oldest first (both members always present). */
  getSDEsFromConv(conversation: Conversation): SDEsFromConversation;
}

const COMPONENT = "SDE-Util";

function general(message: string, cause?: unknown): ToolBeltError {
  return new ToolBeltError(COMPONENT, ErrorCodes.SDEsUtil.General, message, cause === undefined ? undefined : { cause });
}

/** Runs V1 code that throws V1 errors, rethrowing them as V2's class. */
function v2<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toV2Error(error);
  }
}

export function createSDEUtil(lpClient: ILpClient = createLpClient()): ISDEUtil {
  const account = encodeURIComponent(brandId(COMPONENT));

  return {
    async addSDEs(sdes, visitorId, sessionId) {
      const { visitor, session } = v2(() => checkedSdeTarget(sdes, visitorId, sessionId));

      const path = `/api/account/${account}/monitoring/visitors/${visitor}/visits/current/events?v=1&sid=${session}`;
      const { status, text } = await jsonCall(lpClient, { service: LpServices.SMT, path, method: "PUT", body: sdes }, (reason, cause) =>
        general(`Error while setting SDEs: ${reason}`, cause),
      );
      if (status < 200 || status > 299) {
        throw new ToolBeltError(COMPONENT, ErrorCodes.SDEsUtil.UnexpectedResponse, `Unexpected response: ${bodyExcerpt(text)}. Status Code: ${status}`);
      }
    },

    getSDEsFromConv(conversation) {
      return v2(() => getSDEsFromConv(conversation));
    },
  };
}
