// A practitioner asks an institution to certify their identity (the institution picked by its
// name from the public directory, as nurse or doctor), and follows the answer: waiting, certified, declined with a reason, ended.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useState } from "preact/hooks";
import { RadioGroup } from "../../components/Fields";
import { Button, ErrorSummary } from "../../components/Form";
import { InstitutionPicker, type PickedInstitution } from "../../components/InstitutionPicker";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { Facts, StatusTag } from "../../components/Status";
import { MyCertificationsQuery, RequestCertificationMutation } from "../../graphql/documents/personal";
import { describeError } from "../../graphql/errors";
import { expectMember, useAction } from "../../graphql/mutation";
import type { CertificationFieldsFragment, Profession } from "../../gql/graphql";
import { useT } from "../../i18n";
import { formatDateTime, localName } from "../../lib/format";
import { problems, useFormErrors, type FieldSpec } from "../../lib/forms";
import { certificationTone } from "../../lib/identityLabels";
import { useRequireMe } from "../../lib/viewer";

const PROFESSIONS: readonly Profession[] = ["NURSE", "DOCTOR"];

function CertificationCard({ row }: { row: CertificationFieldsFragment }): JSX.Element {
  const { t, language } = useT();
  return (
    <article class="item-card" data-certification={row.id}>
      <div class="item-head">
        <h3 class="item-title">
          {row.institution ? localName(language, row.institution.name, row.institution.nameEn) : "—"}
        </h3>
        <StatusTag
          tone={certificationTone(row.status)}
          status={row.status}
          label={t(`certificationStatus.${row.status}`)}
        />
      </div>
      <Facts
        items={[
          [t("certification.profession"), t(`profession.${row.profession}`)],
          [t("certification.requestedAt"), formatDateTime(row.requestedAt, language)],
          row.decidedAt ? [t("certification.decidedAt"), formatDateTime(row.decidedAt, language)] : null,
          row.decidedBy ? [t("certification.decidedBy"), row.decidedBy] : null,
          row.documentChecked
            ? [t("certification.document"), t(`identityDocument.${row.documentChecked}`)]
            : null,
          row.endedAt ? [t("certification.endedAt"), formatDateTime(row.endedAt, language)] : null,
          row.reason && row.status !== "CERTIFIED" ? [t("certification.reason"), row.reason] : null,
        ]}
      />
      <p class="item-explain">{t(`certification.explain.${row.status}`)}</p>
    </article>
  );
}

export function CertificationPage(): JSX.Element {
  const { t } = useT();
  const [result, reload] = useQuery({ query: MyCertificationsQuery, requestPolicy: "network-only" });
  const [institution, setInstitution] = useState<PickedInstitution | null>(null);
  const [profession, setProfession] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, request] = useAction(RequestCertificationMutation, (d) =>
    expectMember(d.requestCertification, "CertificationUpdated"),
  );
  const specs: FieldSpec[] = [
    { field: "institutionCode", label: t("certification.institution") },
    { field: "profession", label: t("certification.profession") },
  ];
  const rows = result.data?.me?.certifications ?? [];
  useRequireMe(result.data);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setNotice(null);
    const found = problems({
      institutionCode: institution === null ? t("certification.chooseInstitution") : undefined,
      profession: profession === "" ? t("certification.chooseProfession") : undefined,
    });
    if (!form.report(found, specs) || institution === null) return;
    const outcome = await request(
      { input: { institutionCode: institution.uscc, profession: profession as Profession } },
      {
        progress: t("certification.sending"),
        success: t("certification.sent"),
        failures: { INSTITUTION_NOT_FOUND: t("certification.institutionNotFound") },
      },
    );
    if (outcome.ok) {
      setInstitution(null);
      setProfession("");
      reload({ requestPolicy: "network-only" });
    } else if (Object.keys(outcome.fieldErrors).length > 0) form.report(outcome.fieldErrors, specs);
    else if (outcome.member?.reason === "INSTITUTION_NOT_FOUND") {
      form.report({ institutionCode: t("certification.institutionNotFound") }, specs);
    } else setNotice(outcome.message);
  };

  const requestSection = (
    // Keyed: when the records arrive and come first, the form moves with what was typed in it.
    <section key="request" class="panel section" aria-labelledby="request-title">
      <h2 id="request-title">{t("certification.requestTitle")}</h2>
      <ErrorSummary items={form.summary} />
      {notice && <Notice kind="error">{notice}</Notice>}
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <InstitutionPicker
          name="institutionCode"
          label={t("certification.institution")}
          hint={t("certification.institutionHint")}
          picked={institution}
          onPick={(picked) => {
            setInstitution(picked);
            form.forget("institutionCode");
          }}
          error={form.error("institutionCode")}
        />
        <RadioGroup
          name="profession"
          legend={t("certification.profession")}
          value={profession}
          onValue={setProfession}
          options={PROFESSIONS.map((value) => ({ value, label: t(`profession.${value}`) }))}
          error={form.error("profession")}
          inline
        />
        <Button type="submit" busy={action.busy} busyLabel={t("certification.sending")}>
          {t("certification.submit")}
        </Button>
      </form>
    </section>
  );
  const mineSection = (
    <section key="mine" class="section" aria-labelledby="mine-title">
      <h2 id="mine-title">{t("certification.mineTitle")}</h2>
      {result.fetching && rows.length === 0 && <Loading />}
      {result.error && <Notice kind="error">{describeError(result.error, t)}</Notice>}
      {!result.fetching && !result.error && rows.length === 0 && <Notice>{t("certification.none")}</Notice>}
      <ol class="item-list">
        {rows.map((row) => (
          <li key={row.id}>
            <CertificationCard row={row} />
          </li>
        ))}
      </ol>
    </section>
  );
  return (
    <div class="page page-narrow">
      <PageHeading title={t("certification.title")} lead={t("certification.lead")} />
      {rows.length > 0 ? mineSection : requestSection}
      {rows.length > 0 ? requestSection : mineSection}
    </div>
  );
}
