/**
 * The dashboard's entry: trades the admin token of the first address
 * (`/?token=…`, printed by lp-faas dev) for the session cookie, takes the token
 * out of the address bar and the history, then shows the app.
 */
import { render } from "preact";
import { App } from "./app";
import { startSession } from "./api";
import "./styles.css";

/** The token in the address, if any, removed from it (as Jupyter does) before anything else runs. */
function takeTokenFromAddress(): string | undefined {
  const url = new URL(location.href);
  const token = url.searchParams.get("token") ?? undefined;
  if (token === undefined) return undefined;
  url.searchParams.delete("token");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
  return token;
}

async function main(): Promise<void> {
  const token = takeTokenFromAddress();
  const refused = token !== undefined && !(await startSession(token));
  render(<App tokenRefused={refused} />, document.getElementById("app")!);
}

void main();
