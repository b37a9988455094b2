/**
 * The dashboard's pages as plain paths (the platform answers each with the
 * same page: src/services/dashboard/router.ts DASHBOARD_PAGES), navigated with
 * the History API. A page is re-rendered whenever the path changes.
 */
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "overview" }
  | { page: "invoke"; fn?: string }
  | { page: "invocations" }
  | { page: "invocation"; id: string }
  | { page: "secrets" }
  | { page: "context" }
  | { page: "conversations" }
  | { page: "conversation"; id: string };

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  switch (first) {
    case "invoke": {
      const fn = new URLSearchParams(search).get("fn") ?? undefined;
      return fn === undefined ? { page: "invoke" } : { page: "invoke", fn };
    }
    case "invocations":
      return second === undefined ? { page: "invocations" } : { page: "invocation", id: second };
    case "secrets":
      return { page: "secrets" };
    case "context":
      return { page: "context" };
    case "conversations":
      return second === undefined ? { page: "conversations" } : { page: "conversation", id: second };
    default:
      return { page: "overview" };
  }
}

const CHANGE = "lp-faas:navigate";

export function navigate(href: string): void {
  history.pushState(null, "", href);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

/** The current route, updated on navigation and on the browser's back and forward. */
export function useRoute(): Route {
  const read = (): Route => parseRoute(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = (): void => setRoute(read());
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/** Internal links: navigate without reloading, keep the browser's own handling of modified clicks. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.target as Element | null)?.closest("a");
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = anchor.getAttribute("href");
  if (href === null || !href.startsWith("/") || href.startsWith("//") || anchor.target === "_blank") return;
  event.preventDefault();
  navigate(href);
}
