// Pages behind sign-in: a visitor without a session is sent to sign in and brought back;
// a signed-in account without the role sees why, not an empty page.
import type { AnyComponent, JSX } from "preact";
import { useEffect } from "preact/hooks";
import type { Role } from "../gql/graphql";
import { useT } from "../i18n";
import { currentUrl, navigate, signInUrl } from "../lib/navigation";
import { hasAnyRole, useSession } from "../lib/viewer";
import { Loading, Notice, PageHeading } from "./Page";

export interface Access {
  /** Any of these roles opens the page; none listed: any signed-in account. */
  roles?: readonly Role[];
}

function Forbidden(): JSX.Element {
  const { t } = useT();
  return (
    <div class="page page-narrow">
      <PageHeading title={t("guard.forbiddenTitle")} />
      <Notice kind="error">{t("guard.forbidden")}</Notice>
      <p>
        <a class="button button-secondary" href="/">
          {t("notFound.home")}
        </a>
      </p>
    </div>
  );
}

export function Guard({ access, children }: { access: Access; children: JSX.Element }): JSX.Element {
  const { viewer, loading } = useSession();
  const needsSignIn = !loading && !viewer.signedIn;
  useEffect(() => {
    // The router keeps this page on screen while the sign-in page loads: redirect once.
    const here = currentUrl();
    if (needsSignIn && !here.startsWith("/sign-in")) navigate(signInUrl(here), true);
  }, [needsSignIn]);
  if (loading || needsSignIn) return <Loading />;
  if (access.roles && !hasAnyRole(viewer, access.roles)) return <Forbidden />;
  return children;
}

/** `component` shown only to the accounts `access` lets in. */
export function guarded<P extends object>(
  component: AnyComponent<P>,
  access: Access,
): (props: P) => JSX.Element {
  const Page = component;
  return function GuardedPage(props: P): JSX.Element {
    return (
      <Guard access={access}>
        <Page {...props} />
      </Guard>
    );
  };
}
