/** SDE (Engagement Attribute) types for `SDEUtil`. */
import type { SDETypes } from "../enums/sde-types";

/** One SDE to add with `SDEUtil.addSDEs`, e.g. `{ type: SDETypes.CUSTOMER_INFO, info: {...} }`. */
export type SDE = { type: SDETypes | string } & Record<string, unknown>;

/** One SDE event as stored in a conversation record. */
export type SDEevent = { serverTimeStamp: string } & Record<string, unknown>;

/** The `sdes` / `unAuthSdes` part of a conversation record. */
export interface SDEsResponse {
  events: SDEevent[];
}

/** Result of `SDEUtil.getSDEsFromConv`: both members are always present (`{ events: [] }` when the conversation has none). */
export interface SDEsFromConversation {
  sdes: SDEsResponse;
  unAuthSdes: SDEsResponse;
}
