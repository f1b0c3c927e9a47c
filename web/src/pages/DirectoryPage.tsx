// The public directory of institutions: filters live in the URL, results page with "load more".
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useLocation } from "preact-iso";
import { useEffect, useMemo, useState } from "preact/hooks";
import { Button, SelectField, TextField } from "../components/Form";
import { Icon } from "../components/Icon";
import { Loading, Notice, PageHeading } from "../components/Page";
import { AuthoritiesQuery, InstitutionsQuery } from "../graphql/documents/directory";
import { describeError } from "../graphql/errors";
import type { InstitutionsQuery as InstitutionsData, InstitutionType } from "../gql/graphql";
import { useT } from "../i18n";
import { districtName, localName } from "../lib/format";
import { useConnection } from "../lib/useConnection";

export const PAGE_SIZE = 20;
export const INSTITUTION_TYPES: readonly InstitutionType[] = [
  "GENERAL_HOSPITAL",
  "SPECIALIST_HOSPITAL",
  "TCM_HOSPITAL",
  "COMMUNITY_HEALTH_CENTRE",
  "CLINIC",
  "MATERNAL_CHILD_HEALTH",
  "CDC",
  "NURSING_HOME",
];

type Row = InstitutionsData["institutions"]["nodes"][number];

function toQueryString(params: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== ""));
  const text = search.toString();
  return text ? `?${text}` : "";
}

function InstitutionCard({ row }: { row: Row }): JSX.Element {
  const { t, language } = useT();
  return (
    <article class="result-card">
      <h2 class="result-title">
        <a href={`/institutions/${encodeURIComponent(row.id)}`}>
          {localName(language, row.name, row.nameEn)}
        </a>
      </h2>
      <p class="tags">
        <span class="tag">{t(`institutionType.${row.type}`)}</span>
        <span class="tag">{t(`institutionLevel.${row.level}`)}</span>
        <span class="tag tag-plain">
          <Icon name="pin" size={14} />
          {districtName(language, row.district)}
        </span>
        {row.status !== "ACTIVE" && (
          <span class="tag tag-warning">{t(`institutionStatus.${row.status}`)}</span>
        )}
      </p>
      <dl class="facts">
        <div>
          <dt>{t("directory.licenceNumber")}</dt>
          <dd class="mono">{row.licenceNumber}</dd>
        </div>
        {row.address && (
          <div>
            <dt>{t("directory.address")}</dt>
            <dd>{row.address}</dd>
          </div>
        )}
        {row.beds > 0 && (
          <div>
            <dt>{t("directory.bedsLabel")}</dt>
            <dd>{row.beds}</dd>
          </div>
        )}
      </dl>
    </article>
  );
}

export function DirectoryPage(): JSX.Element {
  const { t, language } = useT();
  const { query, route, path } = useLocation();
  const applied = { q: query["q"] ?? "", district: query["district"] ?? "", type: query["type"] ?? "" };
  const [name, setName] = useState(applied.q);
  useEffect(() => setName(applied.q), [applied.q]);

  const [authorities] = useQuery({ query: AuthoritiesQuery });
  const districts = useMemo(
    () =>
      (authorities.data?.authorities ?? [])
        .filter((a) => a.level === "DISTRICT")
        .map((a) => ({ value: a.code, label: districtName(language, a) })),
    [authorities.data, language],
  );

  const validType = (INSTITUTION_TYPES as readonly string[]).includes(applied.type)
    ? (applied.type as InstitutionType)
    : null;
  const variables = {
    first: PAGE_SIZE,
    filter: { nameContains: applied.q || null, district: applied.district || null, type: validType },
  };
  const list = useConnection(InstitutionsQuery, variables, (data) => data.institutions);

  const apply = (next: Partial<typeof applied>): void => {
    route(`${path}${toQueryString({ ...applied, ...next })}`, true);
  };
  const filtered = applied.q !== "" || applied.district !== "" || applied.type !== "";

  return (
    <div class="page">
      <PageHeading title={t("directory.title")} lead={t("directory.lead")} />
      <form
        class="filters"
        role="search"
        aria-label={t("directory.filters")}
        onSubmit={(event) => {
          event.preventDefault();
          apply({ q: name.trim() });
        }}
      >
        <TextField
          name="q"
          type="search"
          label={t("directory.name")}
          placeholder={t("directory.namePlaceholder")}
          value={name}
          onValue={setName}
          enterKeyHint="search"
          markOptional={false}
        />
        <SelectField
          name="district"
          label={t("directory.district")}
          value={applied.district}
          onValue={(district) => apply({ district })}
          placeholder={t("directory.anyDistrict")}
          options={districts}
          markOptional={false}
        />
        <SelectField
          name="type"
          label={t("directory.type")}
          value={validType ?? ""}
          onValue={(type) => apply({ type })}
          placeholder={t("directory.anyType")}
          options={INSTITUTION_TYPES.map((value) => ({ value, label: t(`institutionType.${value}`) }))}
          markOptional={false}
        />
        <div class="filter-actions">
          <Button type="submit">
            <Icon name="search" size={18} /> {t("directory.search")}
          </Button>
          {filtered && (
            <a class="button button-quiet" href={path}>
              {t("directory.reset")}
            </a>
          )}
        </div>
      </form>

      <section class="results" aria-labelledby="results-status" aria-busy={list.loading}>
        <p id="results-status" class="results-status" role="status">
          {list.loading
            ? t("app.loading")
            : list.items.length > 0
              ? t("directory.shown", { count: list.items.length })
              : ""}
        </p>
        {list.error && <Notice kind="error">{describeError(list.error, t)}</Notice>}
        {!list.loading && !list.error && list.items.length === 0 && <Notice>{t("directory.empty")}</Notice>}
        {list.loading && list.items.length === 0 ? (
          <Loading />
        ) : (
          <ol class="result-list">
            {list.items.map((row) => (
              <li key={row.id}>
                <InstitutionCard row={row} />
              </li>
            ))}
          </ol>
        )}
        {list.hasMore ? (
          <div class="load-more">
            <Button
              kind="secondary"
              busy={list.loadingMore}
              busyLabel={t("directory.loadingMore")}
              onClick={list.loadMore}
            >
              {t("directory.loadMore")}
            </Button>
          </div>
        ) : (
          !list.loading && list.items.length > 0 && <p class="results-end">{t("directory.end")}</p>
        )}
      </section>
    </div>
  );
}
