/**
 * `Toolbelt.GDPRUtil()` of the V2 entry: V1's GDPR util (one login per call,
 * every history record, each file path kept on the storage host — B20;
 * partial failures name the files) with the V2 CSDS client (`swift`).
 */
import type { Conversation } from "../../conversation/types";
import type { CsdsClient } from "../../csds/csds-client";
import { createGDPRUtil as createSharedGDPRUtil } from "../../gdpr/gdpr-util";
import type { FileStorageCredentials, GDPRUtil, ReplacementFile } from "../../gdpr/types";
import { sharedCsds, type V2Csds } from "../csds/shared-csds";
import { toV2Error } from "../errors/toolbelt-error";
import { brandId } from "../runtime/env";

export type IGDPRUtil = GDPRUtil;

/** The V2 CSDS client in the shape V1's modules take. */
export function asSharedCsds(csds: V2Csds): CsdsClient {
  return { get: (service) => csds.get(service), getAll: () => csds.getAll(), getBaseUrl: (service) => csds.baseUrl(service) };
}

export function createGDPRUtil(csds: V2Csds = sharedCsds()): IGDPRUtil {
  brandId("GDPR-Util");
  const shared = createSharedGDPRUtil({ csds: asSharedCsds(csds) });
  return {
    async replaceConversationFiles(
      conversation: Conversation,
      credentials: FileStorageCredentials,
      shouldReplace?: (path: string) => boolean,
      replacementFile?: ReplacementFile,
    ): Promise<string[]> {
      try {
        return await shared.replaceConversationFiles(conversation, credentials, shouldReplace, replacementFile);
      } catch (error) {
        throw toV2Error(error);
      }
    },
  };
}
