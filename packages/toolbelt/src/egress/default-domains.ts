/**
 * Hosts every function may reach without listing them, because the platform
 * allowlists them at provisioning: the CSDS-discovered
 * hosts of LivePerson's default services. Offline we cannot ask CSDS, so the
 * list holds the LivePerson host patterns those services live under (the same
 * set lpf's local runner uses). The configured Domain API host and the local
 * platform's host are added at runtime.
 */
export const DEFAULT_ALLOWED_DOMAINS: readonly string[] = Object.freeze([
  "adminlogin.liveperson.net",
  "ams-a.liveperson.net",
  "api.liveperson.net",
  "*.ac.liveperson.net",
  "*.acr.liveperson.net",
  "*.agentvep.liveperson.net",
  "*.data-mng.liveperson.net",
  "*.enghist.liveperson.net",
  "*.lp-msgewt.liveperson.net",
  "*.msghist.liveperson.net",
  "*.push.liveperson.net",
  "*.v.liveperson.net",
  "*.msg.liveperson.net",
  "*.objectstorage.liveperson.net",
  "*.faasgw.liveperson.net",
  "*.fninvocations.liveperson.net",
]);
