/**
 * The V2 entry's `ErrorCodes`: core-functions-toolbelt's catalogue, nested as
 * it nests them (`ErrorCodes.Mtls.Invalid.Key`, …). Codes both generations
 * share are the V1 catalogue's own values (one spelling for both); the codes
 * only V2 raises are defined here. A few groups carry extra members of ours
 * (bad arguments, loop detection), documented in docs/toolbelt/v2/README.md.
 */
import { ErrorCodes as Shared } from "../../errors/codes";

const PREFIX = "com.liveperson.faas.";

export const ErrorCodes = {
  Platform: {
    Secret: {
      /** The runtime has no service-account token for the secret store (cloud only). */
      NoToken: `${PREFIX}handler.no-sa-token`,
    },
  },
  /** Ours: the V2 environment is unusable (e.g. `X_LIVEPERSON_BRAND_ID` unset). */
  Toolbelt: {
    InvalidConfig: Shared.Toolbelt.InvalidConfig,
  },
  Secret: Shared.Secret,
  Csds: Shared.Csds,
  Mtls: {
    ...Shared.Mtls,
    Creds: {
      Format: `${PREFIX}lp-mtls.credentials-wrong-format`,
      Failure: `${PREFIX}lp-mtls.get-credentials-failure`,
    },
  },
  OAuth2: {
    General: `${PREFIX}oauth2.general-issue`,
    UnexpectedResponse: `${PREFIX}oauth2.unexpected-response`,
  },
  LpClient: Shared.LpClient,
  ConversationUtil: {
    ...Shared.ConversationUtil,
    /** Listed by core-functions-toolbelt, never raised by it (nor here). */
    Timeout: `${PREFIX}conversation-util.timeout`,
  },
  GDPRUtil: Shared.GDPRUtil,
  SDEsUtil: Shared.SDEsUtil,
  OrchestratorFN: Shared.OrchestratorFN,
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];

/** Every code of the V2 catalogue, as a literal union. */
export type V2ErrorCode = Leaves<typeof ErrorCodes>;
