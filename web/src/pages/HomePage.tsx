import type { JSX } from "preact";
import { Icon, type IconName } from "../components/Icon";
import { PageHeading } from "../components/Page";
import { useT, type TKey } from "../i18n";
import { hasAnyRole, useViewer, type Viewer } from "../lib/viewer";

interface Entry {
  icon: IconName;
  title: TKey;
  text: TKey;
  href?: string;
}

const PUBLIC: readonly Entry[] = [
  { icon: "qr", title: "home.verifyTitle", text: "home.verifyText", href: "/verify" },
  { icon: "search", title: "home.directoryTitle", text: "home.directoryText", href: "/institutions" },
];

/** Each audience's way in: its own pages when signed in with that role, else activation or
 * sign-in. */
function audiences(viewer: Viewer): Entry[] {
  const practitioner = viewer.roles.includes("PRACTITIONER");
  const institution = hasAnyRole(viewer, ["INSTITUTION_ADMIN", "INSTITUTION_OPERATOR"]);
  const officer = hasAnyRole(viewer, ["AUTHORITY_ADMIN", "AUTHORITY_OFFICER"]);
  return [
    {
      icon: "person",
      title: "home.practitionerTitle",
      text: "home.practitionerText",
      href: practitioner ? "/home" : viewer.signedIn ? "/sign-in" : "/activate",
    },
    {
      icon: "building",
      title: "home.institutionTitle",
      text: "home.institutionText",
      href: institution ? "/home" : "/sign-in?as=staff",
    },
    {
      icon: "shield",
      title: "home.officerTitle",
      text: "home.officerText",
      href: officer ? "/authority/workbench" : "/sign-in?as=staff",
    },
  ];
}

function Card({ entry }: { entry: Entry }): JSX.Element {
  const { t } = useT();
  const body = (
    <>
      <span class="card-icon">
        <Icon name={entry.icon} size={26} />
      </span>
      <span class="card-body">
        <span class="card-title">{t(entry.title)}</span>
        <span class="card-text">{t(entry.text)}</span>
        {!entry.href && <span class="tag tag-muted">{t("home.comingSoon")}</span>}
      </span>
      {entry.href && <Icon name="chevronRight" class="card-chevron" />}
    </>
  );
  return entry.href ? (
    <a class="card card-link" href={entry.href}>
      {body}
    </a>
  ) : (
    <div class="card">{body}</div>
  );
}

export function HomePage(): JSX.Element {
  const { t } = useT();
  const viewer = useViewer();
  return (
    <div class="page page-home">
      <section class="hero">
        <PageHeading title={t("home.title")} lead={t("home.lead")} />
      </section>
      <ul class="card-grid card-grid-2">
        {PUBLIC.map((entry) => (
          <li key={entry.title}>
            <Card entry={entry} />
          </li>
        ))}
      </ul>
      <ul class="card-grid card-grid-3">
        {audiences(viewer).map((entry) => (
          <li key={entry.title}>
            <Card entry={entry} />
          </li>
        ))}
      </ul>
    </div>
  );
}
