// What both statistics pages share: names for the keys, the authority choice (the municipal
// commission picks the city or a district; a district officer has its own), date fields,
// the download links and the notes under the tables.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useMemo } from "preact/hooks";
import { SelectField, type Option } from "../../components/Form";
import type { StatisticsReportFieldsFragment } from "../../gql/graphql";
import { ApprovalItemsQuery } from "../../graphql/documents/applications";
import { AuthoritiesQuery } from "../../graphql/documents/directory";
import { useT } from "../../i18n";
import { districtName, formatDateTime } from "../../lib/format";
import { CITY, type Names } from "./labels";

export function useNames(): { names: Names; districts: Option[] } {
  const { language } = useT();
  const [authorities] = useQuery({ query: AuthoritiesQuery });
  const [items] = useQuery({ query: ApprovalItemsQuery, variables: {} });
  return useMemo(() => {
    const list = authorities.data?.authorities ?? [];
    return {
      names: {
        authorities: new Map(list.map((a) => [a.code, a])),
        items: new Map((items.data?.approvalItems ?? []).map((i) => [i.code, i])),
      },
      districts: list
        .filter((a) => a.level === "DISTRICT")
        .map((a) => ({ value: a.code, label: districtName(language, a) })),
    };
  }, [authorities.data, items.data, language]);
}

export function todayInShanghai(): string {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  return now.toISOString().slice(0, 10);
}

export function AuthorityField({
  own,
  value,
  onValue,
  districts,
}: {
  own: string;
  value: string;
  onValue: (value: string) => void;
  districts: Option[];
}): JSX.Element | null {
  const { t } = useT();
  if (own !== CITY) return null;
  return (
    <SelectField
      markOptional={false}
      name="authority"
      label={t("stats.authority")}
      value={value}
      onValue={onValue}
      options={[{ value: CITY, label: t("stats.city") }, ...districts]}
    />
  );
}

export function DateField({
  name,
  label,
  value,
  onValue,
  max,
}: {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  max: string;
}): JSX.Element {
  const id = `field-${name}`;
  return (
    <div class="field">
      <label class="label" for={id}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        class="input"
        type="date"
        value={value}
        max={max}
        required
        onInput={(event) => onValue(event.currentTarget.value)}
      />
    </div>
  );
}

export function Downloads({ path }: { path: string }): JSX.Element {
  const { t } = useT();
  return (
    <div class="button-row stats-downloads">
      <a class="button button-secondary" href={path.replace("{fmt}", "csv")} download>
        {t("stats.downloadCsv")}
      </a>
      <a class="button button-secondary" href={path.replace("{fmt}", "xlsx")} download>
        {t("stats.downloadXlsx")}
      </a>
    </div>
  );
}

export function ReportNotes({ report }: { report: StatisticsReportFieldsFragment }): JSX.Element {
  const { t, language } = useT();
  const note = (key: string): string | undefined => report.notes.find((n) => n.key === key)?.text;
  const source = note("populationSource");
  const refreshed = note("summaryRefreshedAt");
  return (
    <aside class="stats-notes">
      <p>{t("stats.suppressionRule", { threshold: report.suppressionThreshold })}</p>
      {source && <p>{t("stats.populationSource", { source })}</p>}
      {refreshed && <p>{t("stats.refreshedAt", { at: formatDateTime(refreshed, language) })}</p>}
      <p>{t("stats.generatedAt", { at: formatDateTime(report.generatedAt, language) })}</p>
    </aside>
  );
}

export function tableOf(
  report: StatisticsReportFieldsFragment,
  id: string,
): StatisticsReportFieldsFragment["tables"][number] | undefined {
  return report.tables.find((table) => table.id === id);
}

export function valueOf(
  table: StatisticsReportFieldsFragment["tables"][number],
  row: StatisticsReportFieldsFragment["tables"][number]["rows"][number],
  measure: string,
): number | null {
  const cell = row.values[table.measures.indexOf(measure)];
  return cell && !cell.suppressed ? (cell.value ?? null) : null;
}
