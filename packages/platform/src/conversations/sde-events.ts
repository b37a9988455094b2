/**
 * From an SDE as sent to the Engagement Attributes API (`{ "type": "ctmrinfo",
 * "info": {...} }`) to the event the Messaging Interactions API shows in a
 * conversation's `sdes.events` / `unAuthSdes.events`:
 *
 *     { "customerInfo": { "serverTimeStamp": "1700000000000", "customerInfo": {...} },
 *       "sdeType": "CUSTOMER_INFO", "serverTimeStamp": "1700000000000" }
 *
 * The member name and `sdeType` follow the SDE type (table below). Types whose
 * data LivePerson nests (customer info, personal info, marketing source,
 * lead, service activity, visitor error) get their data object one level
 * down under the same name, with the few field renames the API applies
 * (cstatus → customerStatus, firstname → name, ...); the others (cart,
 * purchase, viewed product, searched content) keep their fields flat. An
 * unknown type keeps its own name as the member and its UPPER_SNAKE form as
 * sdeType. Unauthenticated events carry `isAuthenticated: false`, as in the
 * API's v=2 answers. `serverTimeStamp` is an epoch-ms string.
 */

interface SdeShape {
  member: string;
  sdeType: string;
  /** The SDE member holding the data when the API nests it. */
  nestedFrom?: string;
  renames?: Record<string, string>;
}

/** SDETypes value (the `type` an SDE is sent with) → how Messaging Interactions shows it. */
export const SDE_SHAPES: Readonly<Record<string, SdeShape>> = Object.freeze({
  ctmrinfo: { member: "customerInfo", sdeType: "CUSTOMER_INFO", nestedFrom: "info", renames: { cstatus: "customerStatus", ctype: "customerType" } },
  personal: { member: "personalInfo", sdeType: "PERSONAL_INFO", nestedFrom: "personal", renames: { firstname: "name", lastname: "surname" } },
  mrktInfo: { member: "marketingCampaignInfo", sdeType: "MARKETING_CAMPAIGN_INFO", nestedFrom: "info", renames: { channel: "originatingChannel" } },
  lead: { member: "lead", sdeType: "LEAD", nestedFrom: "lead" },
  service: { member: "serviceActivity", sdeType: "SERVICE_ACTIVITY", nestedFrom: "service" },
  error: { member: "visitorError", sdeType: "VISITOR_ERROR", nestedFrom: "error" },
  cart: { member: "cartStatus", sdeType: "CART_STATUS" },
  purchase: { member: "purchase", sdeType: "PURCHASE" },
  prodView: { member: "viewedProduct", sdeType: "VIEWED_PRODUCT" },
  searchInfo: { member: "searchContent", sdeType: "SEARCH_CONTENT" },
});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function upperSnake(type: string): string {
  return type
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

function renamed(data: Record<string, unknown>, renames: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) out[renames[key] ?? key] = value;
  return out;
}

/** Personal info: contacts as `{ personalContact: {...} }`, age as `customerAge`. */
function personalDetails(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  if (Array.isArray(out.contacts)) {
    out.contacts = (out.contacts as unknown[]).map((contact): unknown =>
      isObject(contact) && !("personalContact" in contact) ? { personalContact: contact } : contact,
    );
  }
  if (isObject(out.age)) {
    const { age, year, month, day } = out.age;
    delete out.age;
    out.customerAge = { customerAgeInYears: age, customerYearOfBirth: year, customerMonthOfBirth: month, customerDateOfBirth: day };
  }
  return out;
}

/** The Messaging Interactions event for one SDE received at `serverTime` (epoch ms). */
export function sdeToConversationEvent(sde: Record<string, unknown> & { type: string }, serverTime: number, authenticated: boolean): Record<string, unknown> {
  const serverTimeStamp = String(serverTime);
  const { type, ...rest } = sde;
  const shape: SdeShape = SDE_SHAPES[type] ?? { member: type, sdeType: upperSnake(type) || "UNKNOWN" };
  const unauth = authenticated ? {} : { isAuthenticated: false };
  let body: Record<string, unknown>;
  if (shape.nestedFrom !== undefined) {
    const source = isObject(rest[shape.nestedFrom]) ? (rest[shape.nestedFrom] as Record<string, unknown>) : rest;
    let data = renamed(source, shape.renames);
    if (type === "personal") data = personalDetails(data);
    body = { serverTimeStamp, ...unauth, [shape.member]: data };
  } else {
    body = { serverTimeStamp, ...renamed(rest, shape.renames) };
  }
  return { [shape.member]: body, sdeType: shape.sdeType, serverTimeStamp, ...unauth };
}
