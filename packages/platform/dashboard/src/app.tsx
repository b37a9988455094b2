/**
 * The dashboard's shell: the navigation, the sign-in explanation when the
 * session is missing, and the current page.
 */
import { useState } from "preact/hooks";
import { ApiError, get, startSession, type Overview } from "./api";
import { ErrorNote, Loading, useAsync } from "./components";
import { ConversationPage, ConversationsPage } from "./pages/conversations";
import { ContextPage } from "./pages/context";
import { InvocationPage, InvocationsPage } from "./pages/invocations";
import { InvokePage } from "./pages/invoke";
import { OverviewPage } from "./pages/overview";
import { SecretsPage } from "./pages/secrets";
import { onLinkClick, useRoute, type Route } from "./routes";

const NAV: ReadonlyArray<{ href: string; label: string; pages: ReadonlyArray<Route["page"]> }> = [
  { href: "/", label: "Overview", pages: ["overview"] },
  { href: "/invoke", label: "Invoke", pages: ["invoke"] },
  { href: "/invocations", label: "Invocations", pages: ["invocations", "invocation"] },
  { href: "/secrets", label: "Secrets & allowlist", pages: ["secrets"] },
  { href: "/context", label: "Context store", pages: ["context"] },
  { href: "/conversations", label: "Conversations", pages: ["conversations", "conversation"] },
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "overview":
      return <OverviewPage />;
    case "invoke":
      return <InvokePage initialFunction={route.fn} />;
    case "invocations":
      return <InvocationsPage />;
    case "invocation":
      return <InvocationPage id={route.id} />;
    case "secrets":
      return <SecretsPage />;
    case "context":
      return <ContextPage />;
    case "conversations":
      return <ConversationsPage />;
    case "conversation":
      return <ConversationPage id={route.id} />;
  }
}

/** Shown when the platform refuses the page's calls: how to get in. */
function SignIn({ refused, onSignedIn }: { refused: boolean; onSignedIn: () => void }) {
  const [token, setToken] = useState("");
  const [failed, setFailed] = useState(refused);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ok = await startSession(token.trim());
    setFailed(!ok);
    if (ok) onSignedIn();
  };
  return (
    <main class="signin" id="main">
      <h1>Sign in to the lp-faas dashboard</h1>
      <p>
        The dashboard uses the platform's admin token. Open it with the address <code>lp-faas dev</code> prints (the line <code>dashboard</code>, ending in{" "}
        <code>?token=…</code>), or paste the token from the project's <code>.lp-faas/admin-token</code> file here.
      </p>
      {failed && (
        <div class="error" role="alert">
          That token is not this platform's admin token.
        </div>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="token">Admin token</label>
          <input id="token" type="password" autoComplete="off" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit" disabled={token.trim() === ""}>
          Sign in
        </button>
      </form>
    </main>
  );
}

export function App({ tokenRefused }: { tokenRefused: boolean }) {
  const route = useRoute();
  // The overview doubles as the session check: a 401 or 403 means no (valid) cookie.
  const session = useAsync(() => get<Overview>("/_platform/overview"), []);
  const unauthenticated = session.error instanceof ApiError && (session.error.status === 401 || session.error.status === 403);
  if (session.loading && session.data === undefined) return <Loading what="the platform" />;
  if (unauthenticated) return <SignIn refused={tokenRefused} onSignedIn={() => location.reload()} />;
  if (session.data === undefined) return <ErrorNote error={session.error} title="The platform does not answer" />;
  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            λ
          </span>
          <span>lp-faas</span>
          <span class="muted account">account {session.data.accountId}</span>
        </div>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.pages.includes(route.page) ? "page" : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </div>
  );
}
