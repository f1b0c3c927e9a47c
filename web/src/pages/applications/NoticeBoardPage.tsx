// Public: an authority's completed decisions during their notice period (网上公示).
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { ConnectionList } from "../../components/ConnectionList";
import { SelectField } from "../../components/Form";
import { PageHeading } from "../../components/Page";
import { Facts } from "../../components/Status";
import { NoticeBoardQuery } from "../../graphql/documents/applications";
import { AuthoritiesQuery } from "../../graphql/documents/directory";
import { useT } from "../../i18n";
import { formatDate, formatDateTime, localName } from "../../lib/format";
import { useConnection } from "../../lib/useConnection";

export function NoticeBoardPage(): JSX.Element {
  const { t, language } = useT();
  const [authority, setAuthority] = useState("310000");
  const [authorities] = useQuery({ query: AuthoritiesQuery });
  const list = useConnection(NoticeBoardQuery, { authority, first: 20 }, (d) => d.noticeBoard);
  return (
    <div class="page">
      <PageHeading title={t("apps.noticesTitle")} lead={t("apps.noticesLead")} />
      <div class="filters">
        <SelectField
          name="authority"
          label={t("apps.chooseAuthority")}
          value={authority}
          onValue={setAuthority}
          options={(authorities.data?.authorities ?? []).map((a) => ({
            value: a.code,
            label: localName(language, a.nameZh, a.nameEn),
          }))}
          markOptional={false}
        />
      </div>
      <ConnectionList
        id="notices"
        list={list}
        keyOf={(n) => n.number}
        label={t("apps.noticesTitle")}
        empty={t("apps.noticesEmpty")}
        render={(n) => (
          <article class="item-card">
            <h2 class="item-title">{localName(language, n.item.nameZh, n.item.nameEn)}</h2>
            <Facts
              items={[
                [t("apps.number"), n.number],
                [t("apps.applicant"), n.name],
                n.institution && [
                  t("apps.institution"),
                  localName(language, n.institution.name, n.institution.nameEn),
                ],
                [t("apps.completedAt"), formatDateTime(n.completedAt, language)],
                [t("apps.noticeUntil"), formatDate(n.noticeUntil, language)],
              ]}
            />
          </article>
        )}
      />
    </div>
  );
}
