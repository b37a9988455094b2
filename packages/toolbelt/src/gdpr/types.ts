/** Public types of `Toolbelt.GDPRUtil()`. */
import type { Conversation } from "../conversation/types";

/** Swift (file storage) credentials: ask your LivePerson account manager. */
export interface FileStorageCredentials {
  username: string;
  password: string;
}

/** The file written over each selected conversation file. */
export interface ReplacementFile {
  body: Buffer;
  contentType: string;
}

/** One file that could not be replaced, and why (never a credential or token). */
export interface GDPRFailedFile {
  path: string;
  reason: string;
}

export interface GDPRUtil {
  /**
   * Overwrites the files (`HOSTED_FILE` messages, every history record) of `conversation`
   * in LivePerson's file storage (CSDS service `swift`) with `replacementFile`
   * (default: a 1×1 black PNG). `shouldReplace(path)` picks the files (default: all).
   * Resolves the replaced paths (`[]` when there is nothing to replace).
   * @throws ToolbeltError (component `GDPR-Util`): `com.liveperson.faas.gdpr-util-general`
   *   (bad arguments, no message records), `com.liveperson.faas.gdpr-util.auth-failed`
   *   (storage login refused or unreachable), `com.liveperson.faas.gdpr-util.replace-file-failed`
   *   (one or more files not replaced: `replaced` and `failed` say which); CSDS errors pass through.
   */
  replaceConversationFiles(
    conversation: Conversation,
    credentials: FileStorageCredentials,
    shouldReplace?: (path: string) => boolean,
    replacementFile?: ReplacementFile,
  ): Promise<string[]>;
}
