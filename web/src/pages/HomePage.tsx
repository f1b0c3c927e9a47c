import type { JSX } from "preact";
import { Icon, type IconName } from "../components/Icon";
import { PageHeading } from "../components/Page";
import { useT, type TKey } from "../i18n";

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

const AUDIENCES: readonly Entry[] = [
  { icon: "person", title: "home.practitionerTitle", text: "home.practitionerText" },
  { icon: "building", title: "home.institutionTitle", text: "home.institutionText" },
  { icon: "shield", title: "home.officerTitle", text: "home.officerText" },
];

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
        {AUDIENCES.map((entry) => (
          <li key={entry.title}>
            <Card entry={entry} />
          </li>
        ))}
      </ul>
    </div>
  );
}
