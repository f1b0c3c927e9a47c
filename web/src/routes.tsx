// Every page of the portal in one table: the router and the navigation are built from it.
// A new page is one entry here (lazy, so each audience's pages load only when visited).
import type { AnyComponent } from "preact";
import { lazy } from "preact-iso";
import type { TKey } from "./i18n";
import type { Audience } from "./lib/viewer";
import { HomePage } from "./pages/HomePage";

export interface PageRoute {
  path: string;
  // preact-iso passes route params as props; each page declares the ones it reads.
  component: AnyComponent<any>;
  /** Shown in the navigation of these audiences under this label. */
  nav?: { label: TKey; audience: Audience };
}

const DirectoryPage = lazy(() => import("./pages/DirectoryPage").then((m) => m.DirectoryPage));
const InstitutionPage = lazy(() => import("./pages/InstitutionPage").then((m) => m.InstitutionPage));
const VerifyPage = lazy(() => import("./pages/VerifyPage").then((m) => m.VerifyPage));
const SignInPage = lazy(() => import("./pages/SignInPage").then((m) => m.SignInPage));

export const ROUTES: readonly PageRoute[] = [
  { path: "/", component: HomePage, nav: { label: "nav.home", audience: "public" } },
  { path: "/verify", component: VerifyPage, nav: { label: "nav.verify", audience: "public" } },
  { path: "/institutions", component: DirectoryPage, nav: { label: "nav.directory", audience: "public" } },
  { path: "/institutions/:id", component: InstitutionPage },
  { path: "/sign-in", component: SignInPage },
];
