/** Engagement Attribute (SDE) types for `SDEUtil.addSDEs` (the official enum's values). */
export enum SDETypes {
  CART = "cart",
  TRANSACTION = "purchase",
  VIEWED_PRODUCT = "prodView",
  CUSTOMER_INFO = "ctmrinfo",
  MARKETING_SOURCE = "mrktInfo",
  PERSONAL_INFO = "personal",
  LEAD = "lead",
  SERVICE_ACTIVITY = "service",
  VISITOR_ERROR = "error",
  SEARCHED_CONTENT = "searchInfo",
  ORDER_ID = "orderId",
}
