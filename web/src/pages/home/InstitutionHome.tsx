// An institution's home: how many identities and applications wait for its staff, and the
// registrations of its practitioners that expire soon.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import "../../styles/home.css";
import { Icon, type IconName } from "../../components/Icon";
import { PageHeading } from "../../components/Page";
import { InstitutionHomeQuery } from "../../graphql/documents/home";
import { useT, type TKey } from "../../i18n";
import { formatDate, localName } from "../../lib/format";
import type { ViewerInstitution } from "../../lib/viewer";

/** Counted up to this; beyond it the count reads "50+". */
const COUNTED = 50;

function Count({
  icon,
  label,
  count,
  more,
  href,
}: {
  icon: IconName;
  label: TKey;
  count: number | null;
  more: boolean;
  href: string;
}): JSX.Element {
  const { t } = useT();
  const shown = count === null ? "…" : more ? t("myHome.countMore", { count }) : String(count);
  return (
    <li>
      <a class="card card-link home-count" href={href}>
        <span class="card-icon">
          <Icon name={icon} size={26} />
        </span>
        <span class="card-body">
          <span class="card-title">{t(label)}</span>
          <span class="home-count-value" data-count={count ?? ""}>
            {shown}
          </span>
        </span>
        <Icon name="chevronRight" class="card-chevron" />
      </a>
    </li>
  );
}

export function InstitutionHome({ institution }: { institution: ViewerInstitution }): JSX.Element {
  const { t, language } = useT();
  const [result] = useQuery({
    query: InstitutionHomeQuery,
    variables: { institutionId: institution.id, first: COUNTED },
  });
  const data = result.data;
  const expiring = data?.institutionRoster.nodes ?? [];
  return (
    <div class="page page-personal-home">
      <PageHeading
        title={localName(language, institution.name, institution.nameEn)}
        lead={t("myHome.institutionLead")}
      />
      {result.error && !data && <p class="notice notice-error">{t("errors.network")}</p>}
      <ul class="card-grid card-grid-2 home-counts">
        <Count
          icon="person"
          label="myHome.certificationQueue"
          count={data ? data.certificationQueue.nodes.length : null}
          more={!!data?.certificationQueue.pageInfo.hasNextPage}
          href="/institution/certifications"
        />
        <Count
          icon="clock"
          label="myHome.reviewQueue"
          count={data ? data.institutionQueue.nodes.length : null}
          more={!!data?.institutionQueue.pageInfo.hasNextPage}
          href="/institution/review"
        />
      </ul>
      <section class="home-section" aria-labelledby="home-expiring">
        <div class="home-section-head">
          <h2 id="home-expiring">{t("myHome.expiring")}</h2>
          <a href="/institution/roster">{t("myHome.roster")}</a>
        </div>
        {data && expiring.length === 0 && <p class="muted">{t("myHome.noExpiring")}</p>}
        {expiring.length > 0 && (
          <ul class="home-expiring">
            {expiring.map((entry) => (
              <li key={entry.id}>
                <span class="home-expiring-name">{entry.name}</span>
                <span class="mono">{entry.number}</span>
                <span>{t(`subject.${entry.profession}`)}</span>
                <span>
                  {entry.validUntil &&
                    t("myHome.validUntil", { date: formatDate(entry.validUntil, language) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
