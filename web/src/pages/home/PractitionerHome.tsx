// A practitioner's home: the one next step, applications with their stepper, the e-licences.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import "../../styles/home.css";
import { Icon, type IconName } from "../../components/Icon";
import { PageHeading } from "../../components/Page";
import { StatusTag } from "../../components/Status";
import { Stepper } from "../../components/Stepper";
import { PractitionerHomeQuery } from "../../graphql/documents/home";
import type { PractitionerHomeQuery as HomeData } from "../../gql/graphql";
import { useT, type TKey } from "../../i18n";
import { applicationTone } from "../../lib/applications";
import { formatDate, localName } from "../../lib/format";
import { progressOf } from "../../lib/progress";
import { useViewer } from "../../lib/viewer";

const SHOWN = 5;

interface Next {
  icon: IconName;
  title: TKey;
  text: TKey;
  href: string;
  values?: Record<string, string>;
}

/** The single most useful thing to do now, in the order a practitioner meets them. */
function nextStep(data: HomeData, language: "zh-CN" | "en"): Next {
  const apps = data.myApplications.nodes;
  const returned = apps.find((a) => a.status === "RETURNED");
  if (returned) {
    const href = `/applications/${encodeURIComponent(returned.id)}`;
    return { icon: "warning", title: "myHome.next.returned", text: "myHome.next.returnedText", href };
  }
  const draft = apps.find((a) => a.status === "DRAFT");
  if (draft) {
    const href = `/applications/${encodeURIComponent(draft.id)}`;
    return { icon: "clock", title: "myHome.next.draft", text: "myHome.next.draftText", href };
  }
  const licence = data.myLicences.find((l) => l.status === "VALID");
  const open = apps.find((a) => !["COMPLETED", "REJECTED", "NOT_ACCEPTED", "WITHDRAWN"].includes(a.status));
  if (open) {
    const href = `/applications/${encodeURIComponent(open.id)}`;
    return { icon: "clock", title: "myHome.next.waiting", text: "myHome.next.waitingText", href };
  }
  if (licence) {
    return {
      icon: "qr",
      title: "myHome.next.licence",
      text: "myHome.next.licenceText",
      href: "/me/licences",
    };
  }
  const certifications = data.me?.certifications ?? [];
  if (certifications.some((c) => c.status === "CERTIFIED")) {
    return { icon: "plus", title: "myHome.next.apply", text: "myHome.next.applyText", href: "/me/apply" };
  }
  const requested = certifications.find((c) => c.status === "REQUESTED");
  if (requested?.institution) {
    const institution = localName(language, requested.institution.name, requested.institution.nameEn);
    return {
      icon: "building",
      title: "myHome.next.certifyPending",
      text: "myHome.next.certifyPendingText",
      href: "/me/certification",
      values: { institution },
    };
  }
  return {
    icon: "building",
    title: "myHome.next.certify",
    text: "myHome.next.certifyText",
    href: "/me/certification",
  };
}

function NextStep({ next }: { next: Next }): JSX.Element {
  const { t } = useT();
  return (
    <section class="home-next" aria-labelledby="home-next-title">
      <p class="home-section-label">{t("myHome.nextStep")}</p>
      <a class="card card-link home-next-card" href={next.href}>
        <span class="card-icon">
          <Icon name={next.icon} size={26} />
        </span>
        <span class="card-body">
          <span class="card-title" id="home-next-title">
            {t(next.title)}
          </span>
          <span class="card-text">{t(next.text, next.values)}</span>
        </span>
        <Icon name="chevronRight" class="card-chevron" />
      </a>
    </section>
  );
}

type App = HomeData["myApplications"]["nodes"][number];

function ApplicationRow({ app }: { app: App }): JSX.Element {
  const { t, language } = useT();
  const title = localName(language, app.item.nameZh, app.item.nameEn);
  return (
    <li class="home-app" data-application={app.id} data-status={app.status}>
      <a class="home-app-link" href={`/applications/${encodeURIComponent(app.id)}`}>
        <span class="home-app-head">
          <span class="home-app-title">{title}</span>
          <StatusTag
            tone={applicationTone(app.status)}
            status={app.status}
            label={t(`applicationStatus.${app.status}`)}
          />
        </span>
        <span class="home-app-number mono">{app.number ?? t("apps.draft")}</span>
      </a>
      <Stepper progress={progressOf(app)} label={`${title} · ${t("myHome.progress")}`} />
      {app.status === "COMPLETED" && (
        <a class="home-app-licence" href="/me/licences">
          <Icon name="qr" size={18} />
          {t("myHome.viewLicence")}
        </a>
      )}
    </li>
  );
}

function Licences({ licences }: { licences: HomeData["myLicences"] }): JSX.Element {
  const { t, language } = useT();
  return (
    <section class="home-section" aria-labelledby="home-licences">
      <h2 id="home-licences">{t("myHome.licences")}</h2>
      {licences.length === 0 ? (
        <p class="muted">{t("myHome.noLicences")}</p>
      ) : (
        <ul class="home-licences">
          {licences.map((licence) => (
            <li key={licence.id}>
              <a class="card card-link home-licence" href="/me/licences" data-status={licence.status}>
                <span class="card-icon">
                  <Icon name="qr" size={26} />
                </span>
                <span class="card-body">
                  <span class="card-title">{t(`verify.kinds.${licence.kind}`)}</span>
                  <span class="card-text mono">{licence.number}</span>
                  <span class="card-text">
                    {t(`licenceStatus.${licence.status}`)}
                    {licence.validUntil &&
                      ` · ${t("myHome.validUntil", { date: formatDate(licence.validUntil, language) })}`}
                  </span>
                </span>
                <span class="home-licence-action">{t("myHome.showLicence")}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PractitionerHome(): JSX.Element {
  const { t, language } = useT();
  const viewer = useViewer();
  const [result] = useQuery({ query: PractitionerHomeQuery, variables: { first: SHOWN } });
  const data = result.data;
  return (
    <div class="page page-personal-home">
      <PageHeading title={t("myHome.greeting", { name: viewer.displayName ?? "" })} lead={t("myHome.lead")} />
      {result.fetching && !data && <p role="status">{t("app.loading")}</p>}
      {result.error && !data && <p class="notice notice-error">{t("errors.network")}</p>}
      {data && (
        <>
          <NextStep next={nextStep(data, language)} />
          <section class="home-section" aria-labelledby="home-apps">
            <div class="home-section-head">
              <h2 id="home-apps">{t("myHome.applications")}</h2>
              {data.myApplications.nodes.length > 0 && (
                <a href="/me/applications">{t("myHome.allApplications")}</a>
              )}
            </div>
            {data.myApplications.nodes.length === 0 ? (
              <p class="muted">{t("myHome.noApplications")}</p>
            ) : (
              <ul class="home-apps">
                {data.myApplications.nodes.map((app) => (
                  <ApplicationRow key={app.id} app={app} />
                ))}
              </ul>
            )}
          </section>
          <Licences licences={data.myLicences} />
        </>
      )}
    </div>
  );
}
