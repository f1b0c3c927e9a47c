import type { JSX } from "preact";
import { PageHeading } from "../components/Page";
import { useT } from "../i18n";

export function NotFoundPage(): JSX.Element {
  const { t } = useT();
  return (
    <div class="page page-narrow">
      <PageHeading title={t("notFound.title")} lead={t("notFound.text")} />
      <p>
        <a class="button button-secondary" href="/">
          {t("notFound.home")}
        </a>
      </p>
    </div>
  );
}
