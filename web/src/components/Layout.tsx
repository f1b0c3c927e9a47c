// The page frame: a header with the product name, the language switch and sign-in, the
// navigation for the viewer's audiences, the main region and a footer.
import type { ComponentChildren, JSX } from "preact";
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import emblem from "../assets/emblem.svg";
import { setLanguage, useT } from "../i18n";
import { forgetLicences } from "../lib/keptLicences";
import { currentMenuPath, navigate, signInUrl } from "../lib/navigation";
import { hasAnyRole, useSession, useViewer, type Audience } from "../lib/viewer";
import { inSection, ROUTES } from "../routes";
import { Icon } from "./Icon";
import { useToasts } from "./Toasts";

const SECTION_ORDER: readonly Audience[] = ["public", "practitioner", "institution", "officer"];

function LanguageSwitch(): JSX.Element {
  const { t, language } = useT();
  const other = language === "zh-CN" ? "en" : "zh-CN";
  return (
    <button
      type="button"
      class="header-button"
      lang={other}
      aria-label={t("language.switchToLabel")}
      onClick={() => void setLanguage(other)}
    >
      <Icon name="globe" size={18} />
      <span>{t("language.switchTo")}</span>
    </button>
  );
}

/** On a phone the menu holds the account and sign-out (the header has no room for them). */
function NavigationAccount({ onNavigate }: { onNavigate: () => void }): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  const [busy, leave] = useSignOut();
  return (
    <div class="nav-section nav-account">
      <p class="nav-section-title">{viewer.displayName}</p>
      <ul>
        <li>
          <a href="/me" onClick={onNavigate}>
            {t("nav.account")}
          </a>
        </li>
        <li>
          <button
            type="button"
            class="nav-button"
            disabled={busy}
            aria-busy={busy ? true : undefined}
            onClick={() => void leave()}
          >
            <Icon name="logout" size={18} />
            {t("nav.signOut")}
          </button>
        </li>
      </ul>
    </div>
  );
}

function Navigation({ open, onNavigate }: { open: boolean; onNavigate: () => void }): JSX.Element {
  const { t } = useT();
  const { path } = useLocation();
  const viewer = useViewer();
  const sections = SECTION_ORDER.filter((audience) => viewer.audiences.includes(audience));
  const shown = ROUTES.filter(
    (route) =>
      sections.some((audience) => inSection(route, audience)) &&
      (!route.access?.roles || hasAnyRole(viewer, route.access.roles)),
  );
  const current = currentMenuPath(
    path,
    shown.map((route) => route.path),
  );
  return (
    <nav id="main-nav" class={open ? "nav nav-open" : "nav"} aria-label={t("nav.main")}>
      <div class="nav-inner">
        {sections.map((audience) => {
          const links = ROUTES.filter(
            (route) =>
              inSection(route, audience) && (!route.access?.roles || hasAnyRole(viewer, route.access.roles)),
          );
          if (links.length === 0) return null;
          return (
            <div class="nav-section" key={audience}>
              {sections.length > 1 && <p class="nav-section-title">{t(`nav.sections.${audience}`)}</p>}
              <ul>
                {links.map((route) => {
                  return (
                    <li key={route.path}>
                      <a
                        href={route.path}
                        aria-current={route.path === current ? "page" : undefined}
                        onClick={onNavigate}
                      >
                        {t(route.nav!.label)}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
        {viewer.signedIn && <NavigationAccount onNavigate={onNavigate} />}
      </div>
    </nav>
  );
}

/** Sign out of this browser, say so, and go home. */
function useSignOut(): [boolean, () => Promise<void>] {
  const { t } = useT();
  const { signOut } = useSession();
  const toasts = useToasts();
  const [busy, setBusy] = useState(false);
  const leave = async (): Promise<void> => {
    setBusy(true);
    const progress = toasts.progress(t("account.signingOut"));
    const done = await signOut();
    setBusy(false);
    if (done) {
      forgetLicences();
      progress.succeed(t("account.signedOut"));
      navigate("/");
    } else progress.fail(t("errors.network"));
  };
  return [busy, leave];
}

function AccountActions(): JSX.Element {
  const { t } = useT();
  const { viewer } = useSession();
  const [busy, leave] = useSignOut();
  return (
    <>
      <a class="header-button header-account" href="/me" title={viewer.displayName ?? undefined}>
        <Icon name="person" size={18} />
        <span class="header-account-name">{viewer.displayName}</span>
      </a>
      <button
        type="button"
        class="header-button header-signout"
        onClick={() => void leave()}
        disabled={busy}
        aria-busy={busy ? true : undefined}
      >
        <Icon name="logout" size={18} />
        <span>{t("nav.signOut")}</span>
      </button>
    </>
  );
}

export function Layout({ children }: { children: ComponentChildren }): JSX.Element {
  const { t } = useT();
  const { url, path } = useLocation();
  const viewer = useViewer();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [path]);

  // Staff work at desks: their pages use the screen's width (up to 100 rem).
  const staff = viewer.audiences.includes("institution") || viewer.audiences.includes("officer");
  return (
    <div class={staff ? "shell shell-wide" : "shell"}>
      <a class="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header class="header">
        <div class="header-inner">
          <a class="brand" href="/">
            <img src={emblem} alt="" width={36} height={36} />
            <span class="brand-text">
              <span class="brand-authority">{t("app.authority")}</span>
              <span class="brand-name">
                <span class="brand-name-full">{t("app.name")}</span>
                <span class="brand-name-short">{t("app.shortName")}</span>
              </span>
            </span>
          </a>
          <div class="header-actions">
            <LanguageSwitch />
            {viewer.signedIn && <AccountActions />}
            {!viewer.signedIn && !path.startsWith("/sign-in") && (
              <a class="header-button header-signin" href={signInUrl(url)}>
                <Icon name="person" size={18} />
                <span>{t("nav.signIn")}</span>
              </a>
            )}
            <button
              type="button"
              class="header-button menu-button"
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              onClick={() => setMenuOpen(!menuOpen)}
            >
              <Icon name={menuOpen ? "cross" : "menu"} size={20} />
              <span class="visually-hidden">{menuOpen ? t("app.closeMenu") : t("app.menu")}</span>
            </button>
          </div>
        </div>
      </header>
      <Navigation open={menuOpen} onNavigate={() => setMenuOpen(false)} />
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="footer">
        <p>{t("app.footer")}</p>
        <p class="footer-note">{t("app.footerNote")}</p>
      </footer>
    </div>
  );
}
