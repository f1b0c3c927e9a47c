// Apply for an approval item of the practitioner's kind: choose the item, then fill in its
// form, check the answers and submit (or save a draft to continue later).
import type { JSX } from "preact";
import "../../styles/applications.css";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { SelectField } from "../../components/Form";
import { Loading, PageHeading } from "../../components/Page";
import { ApprovalItemsQuery } from "../../graphql/documents/applications";
import { MyCertificationsQuery } from "../../graphql/documents/personal";
import type { ApprovalItemCode, RegistrationSubject } from "../../gql/graphql";
import { useT } from "../../i18n";
import { localName } from "../../lib/format";
import { ApplicationEditor } from "./ApplicationEditor";

function subjectOf(profession: string | undefined): RegistrationSubject | null {
  return profession === "DOCTOR" ? "DOCTOR" : profession === "NURSE" ? "NURSE" : null;
}

export function ApplyPage({ code }: { code?: string }): JSX.Element {
  const { t, language } = useT();
  const [certs] = useQuery({ query: MyCertificationsQuery });
  const profession = certs.data?.me?.certifications.find((c) => c.status === "CERTIFIED")?.profession;
  const subject = subjectOf(profession ?? certs.data?.me?.certifications[0]?.profession);
  const [items] = useQuery({
    query: ApprovalItemsQuery,
    variables: { subject },
    pause: certs.fetching,
  });
  const [chosen, setChosen] = useState<string>(code ?? "");
  const list = (items.data?.approvalItems ?? []).filter((i) => i.subject !== "INSTITUTION");
  const item = list.find((i) => i.code === (chosen as ApprovalItemCode));
  return (
    <div class="page page-narrow">
      <PageHeading title={t("apps.applyTitle")} lead={t("apps.applyLead")} />
      {items.fetching || certs.fetching ? (
        <Loading />
      ) : (
        <>
          <SelectField
            name="item"
            label={t("apps.chooseItem")}
            value={chosen}
            onValue={setChosen}
            placeholder="—"
            options={list.map((i) => ({ value: i.code, label: localName(language, i.nameZh, i.nameEn) }))}
            required
          />
          {item && (
            <>
              <ul class="item-notes">
                <li>{t("apps.itemFacts", { days: item.timeLimitDays })}</li>
                {item.institutionReview && <li>{t("apps.institutionReviewNote")}</li>}
                <li>{item.paperRequired ? t("apps.paperNote") : t("apps.onlineOnlyNote")}</li>
              </ul>
              <ApplicationEditor key={item.code} item={item} />
            </>
          )}
        </>
      )}
    </div>
  );
}
