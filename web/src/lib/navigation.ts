// Lets code outside components (the GraphQL client) navigate through the router.
import { useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";

type Navigate = (url: string, replace?: boolean) => void;
let routerNavigate: Navigate | null = null;

export function navigate(url: string, replace = false): void {
  if (routerNavigate) routerNavigate(url, replace);
  else window.location.assign(url);
}

export function currentUrl(): string {
  return window.location.pathname + window.location.search;
}

/** Render once inside LocationProvider. */
export function NavigationBridge(): null {
  const location = useLocation();
  useEffect(() => {
    routerNavigate = location.route;
    return () => {
      routerNavigate = null;
    };
  }, [location.route]);
  return null;
}

/** A path inside this app to return to after signing in; anything else becomes "/". */
export function safeNext(next: string | undefined): string {
  // Browsers read a backslash as "/" and drop tabs and newlines from a URL: "/\\evil.example"
  // and "/<tab>/evil.example" would leave the site as "//evil.example" does.
  if (
    !next ||
    !next.startsWith("/") ||
    next.startsWith("//") ||
    next.startsWith("/sign-in") ||
    /[\\\u0000-\u001f\u007f]/.test(next)
  ) {
    return "/";
  }
  return next;
}

export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(safeNext(next))}`;
}

/**
 * The menu entry a page belongs to: the longest menu path that is the page's path or one of
 * its parents, so that `/me/certification` marks "机构身份认证" and not also "/me".
 */
export function currentMenuPath(path: string, menuPaths: readonly string[]): string | null {
  let found: string | null = null;
  for (const candidate of menuPaths) {
    const matches = candidate === "/" ? path === "/" : path === candidate || path.startsWith(`${candidate}/`);
    if (matches && (found === null || candidate.length > found.length)) found = candidate;
  }
  return found;
}
