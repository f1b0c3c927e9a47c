import type { JSX } from "preact";
import { useLocation } from "preact-iso";
import { Notice, PageHeading } from "../components/Page";
import { useT } from "../i18n";

// The sign-in form arrives with the identity API; the route exists now so that an expired
// session already lands here with the page to return to in `next`.
export function SignInPage(): JSX.Element {
  const { t } = useT();
  const { query } = useLocation();
  return (
    <div class="page page-narrow">
      <PageHeading title={t("signIn.title")} lead={t("signIn.lead")} />
      {query["next"] && <Notice>{t("signIn.required")}</Notice>}
      <Notice>{t("signIn.unavailable")}</Notice>
    </div>
  );
}
