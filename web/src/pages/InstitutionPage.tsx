import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { Icon } from "../components/Icon";
import { Loading, Notice, PageHeading } from "../components/Page";
import { InstitutionQuery } from "../graphql/documents/directory";
import { describeError } from "../graphql/errors";
import { useT } from "../i18n";
import { districtName, formatDate, localName } from "../lib/format";

export function InstitutionPage({ id }: { id: string }): JSX.Element {
  const { t, language } = useT();
  const [result] = useQuery({ query: InstitutionQuery, variables: { id } });
  const back = (
    <p>
      <a class="back-link" href="/institutions">
        <Icon name="arrowLeft" size={18} />
        {t("directory.backToList")}
      </a>
    </p>
  );
  if (result.fetching)
    return (
      <div class="page">
        {back}
        <Loading />
      </div>
    );
  if (result.error)
    return (
      <div class="page">
        {back}
        <Notice kind="error">{describeError(result.error, t)}</Notice>
      </div>
    );
  const row = result.data?.institution;
  if (!row) {
    return (
      <div class="page">
        {back}
        <PageHeading title={t("directory.notFound")} />
      </div>
    );
  }
  const facts: [string, string, boolean?][] = [
    [t("directory.type"), t(`institutionType.${row.type}`)],
    [t("directory.level"), t(`institutionLevel.${row.level}`)],
    [t("directory.status"), t(`institutionStatus.${row.status}`)],
    [t("directory.district"), districtName(language, row.district)],
    [t("directory.authority"), localName(language, row.authority.nameZh, row.authority.nameEn)],
    [t("directory.licenceNumber"), row.licenceNumber, true],
    [t("directory.uscc"), row.uscc, true],
    [t("directory.address"), row.address],
    [t("directory.bedsLabel"), String(row.beds)],
    [t("directory.validatedUntil"), formatDate(row.validatedUntil, language)],
    [t("directory.subjects"), row.subjects.join("、")],
  ];
  return (
    <div class="page">
      {back}
      <PageHeading
        title={localName(language, row.name, row.nameEn)}
        lead={language === "en" && row.nameEn ? row.name : undefined}
      />
      <section class="panel">
        <dl class="facts facts-table">
          {facts
            .filter(([, value]) => value !== "")
            .map(([label, value, mono]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd class={mono ? "mono" : undefined}>{value}</dd>
              </div>
            ))}
        </dl>
      </section>
    </div>
  );
}
