/**
 * Calls an HTTP API with the global fetch (V2 has no HTTPClient). lp-faas passes V2 functions' requests
 * through the project's allowlist, as it does for V1 (functions/settings.json "whitelist";
 * lp-faas allowlist add <host>); a host that is not listed gets its connection closed ("Socket is closed").
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; V2 code has no export
async function lambda(input) {
  const { url } = input.payload;
  try {
    const response = await fetch(url, { headers: { accept: "application/json" } });
    console.info(`GET ${url} answered ${response.status}`);
    return { status: response.status, contentType: response.headers.get("content-type") };
  } catch (error) {
    if (String(error?.cause?.message ?? error.message).includes("Socket is closed")) {
      console.error(`need to allowlist the host of ${url} (lp-faas allowlist add <host>)`);
    }
    throw error;
  }
}
