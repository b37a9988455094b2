/**
 * `Toolbelt.SFClient()` of the V2 entry: `connectToSalesforce(params)` returns a
 * real jsforce `Connection` (as the pre-release V2 did; the released local mock
 * returned a stub `{ params }`, B17), V1's, whose traffic goes through the
 * toolbelt's egress path. jsforce loads on the first `SFClient()` call.
 * @deprecated as in core-functions-toolbelt: prefer `fetch` or jsforce directly.
 */
export { createSFClient, type SFClient as ISFClient, type SalesforceConnectionParams } from "../../salesforce/salesforce-client";
