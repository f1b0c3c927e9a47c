// Resource allocation for the health commissions: doctors, nurses and beds per 1,000
// residents by district, the 24-month trend, and the breakdowns by institution type,
// practice category, age and sex — each chart with its table, every table downloadable.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useMemo, useState } from "preact/hooks";
import { Button, SelectField } from "../../components/Form";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { ResourceStatisticsQuery } from "../../graphql/documents/statistics";
import { describeError } from "../../graphql/errors";
import { useT, type TKey } from "../../i18n";
import { formatDate } from "../../lib/format";
import { useViewer } from "../../lib/viewer";
import { Chart } from "./Chart";
import {
  AuthorityField,
  DateField,
  Downloads,
  ReportNotes,
  tableOf,
  todayInShanghai,
  useNames,
  valueOf,
} from "./common";
import { CITY, keyLabel } from "./labels";
import { StatTable } from "./StatTable";
import "../../styles/statistics.css";

const TYPES = [
  "GENERAL_HOSPITAL",
  "SPECIALIST_HOSPITAL",
  "TCM_HOSPITAL",
  "COMMUNITY_HEALTH_CENTRE",
  "CLINIC",
  "MATERNAL_CHILD_HEALTH",
  "CDC",
  "NURSING_HOME",
] as const;

export function StatisticsPage(): JSX.Element {
  const { t, language } = useT();
  const viewer = useViewer();
  const own = viewer.authorityCode ?? CITY;
  const { names, districts } = useNames();
  const today = todayInShanghai();
  const [authority, setAuthority] = useState(own);
  const [asOf, setAsOf] = useState(today);
  const [applied, setApplied] = useState({ authority: own, asOf: today });
  const [district, setDistrict] = useState("");
  const [type, setType] = useState("");
  const [result] = useQuery({ query: ResourceStatisticsQuery, variables: applied });
  const report = result.data?.resourceStatistics;
  const keep = (key: string): boolean => !district || key === district;

  const perThousand = useMemo(() => {
    const table = report && tableOf(report, "districts");
    if (!table) return null;
    const rows = table.rows.filter((r) => r.keys[0] !== CITY);
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      // Districts down the side: all 16 stay labelled on a 360 px phone.
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r) => keyLabel("district", r.keys[0] ?? "", t, language, names)),
        axisLabel: { interval: 0 },
      },
      xAxis: { type: "value" },
      series: (["doctorsPer1000", "nursesPer1000", "bedsPer1000"] as const).map((m) => ({
        type: "bar",
        name: t(`stats.measure.${m}` as TKey),
        data: rows.map((r) => valueOf(table, r, m)),
      })),
    };
  }, [report, t, language, names]);

  const trend = useMemo(() => {
    const table = report && tableOf(report, "monthlySeries");
    if (!table) return null;
    const line = district || (report.authority === CITY ? CITY : report.authority);
    const rows = table.rows.filter((r) => r.keys[0] === line);
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "category", data: rows.map((r) => (r.keys[1] ?? "").slice(0, 7)) },
      yAxis: { type: "value", scale: true },
      series: (["doctors", "nurses"] as const).map((m) => ({
        type: "line",
        name: t(`stats.measure.${m}` as TKey),
        data: rows.map((r) => valueOf(table, r, m)),
      })),
    };
  }, [report, district, t]);

  const download = `/statistics/resources.{fmt}?authority=${applied.authority}&asOf=${applied.asOf}`;
  return (
    <div class="page stats-page">
      <PageHeading title={t("stats.resourcesTitle")} lead={t("stats.resourcesLead")} />
      <form
        class="filters stats-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied({ authority, asOf });
          setDistrict("");
        }}
      >
        <AuthorityField own={own} value={authority} onValue={setAuthority} districts={districts} />
        <DateField name="asOf" label={t("stats.asOf")} value={asOf} onValue={setAsOf} max={today} />
        <div class="button-row">
          <Button type="submit">{t("stats.show")}</Button>
        </div>
      </form>
      {result.fetching && <Loading />}
      {result.error && <Notice kind="error">{describeError(result.error, t)}</Notice>}
      {report && (
        <>
          <div class="stats-toolbar">
            <p class="stats-asof">{t("stats.asOfLine", { date: formatDate(report.asOf, language) })}</p>
            <Downloads path={download} />
          </div>
          {report.authority === CITY && (
            <div class="filters stats-filters">
              <SelectField
                markOptional={false}
                name="district"
                label={t("stats.filterDistrict")}
                value={district}
                onValue={setDistrict}
                placeholder={t("stats.allDistricts")}
                options={districts}
              />
              <SelectField
                markOptional={false}
                name="type"
                label={t("stats.filterType")}
                value={type}
                onValue={setType}
                placeholder={t("stats.allTypes")}
                options={TYPES.map((code) => ({ value: code, label: t(`institutionType.${code}`) }))}
              />
            </div>
          )}
          <Section title={t("stats.section.districts")} single={report.authority !== CITY}>
            {perThousand && report.authority === CITY && (
              <Chart
                option={perThousand}
                height={520}
                label={t("stats.chartLabel", { table: t("stats.section.districts") })}
              />
            )}
            <Tabled
              report={report}
              id="districts"
              names={names}
              keep={keep}
              caption={t("stats.section.districts")}
            />
          </Section>
          <Section title={t("stats.section.trend")}>
            {trend && (
              <Chart option={trend} label={t("stats.chartLabel", { table: t("stats.section.trend") })} />
            )}
            <Tabled
              report={report}
              id="monthlySeries"
              names={names}
              keep={(k) => k === (district || report.authority)}
              caption={t("stats.section.trend")}
            />
          </Section>
          <Section title={t("stats.section.byType")}>
            <Tabled
              report={report}
              id="practitionersByInstitutionType"
              names={names}
              keep={keep}
              keepRow={(r) => !type || r.keys[1] === type}
              caption={t("stats.section.byType")}
            />
            <Tabled
              report={report}
              id="institutionsByTypeLevel"
              names={names}
              keep={keep}
              keepRow={(r) => !type || r.keys[1] === type}
              caption={t("stats.section.institutions")}
            />
          </Section>
          <Section title={t("stats.section.people")}>
            <Tabled
              report={report}
              id="doctorsByCategory"
              names={names}
              keep={keep}
              caption={t("stats.section.categories")}
            />
            <Tabled
              report={report}
              id="practitionersByAgeSex"
              names={names}
              keep={keep}
              caption={t("stats.section.ageSex")}
            />
          </Section>
          <ReportNotes report={report} />
        </>
      )}
    </div>
  );
}

function Section({
  single = false,
  title,
  children,
}: {
  single?: boolean;
  title: string;
  children: JSX.Element | (JSX.Element | null | false | undefined)[] | null;
}): JSX.Element {
  return (
    <section class="stats-section" aria-label={title}>
      <h2>{title}</h2>
      <div class={single ? "stats-grid stats-grid-single" : "stats-grid"}>{children}</div>
    </section>
  );
}

type Report = NonNullable<ReturnType<typeof tableOf>>;

function Tabled({
  report,
  id,
  names,
  keep,
  keepRow,
  caption,
}: {
  report: Parameters<typeof tableOf>[0];
  id: string;
  names: ReturnType<typeof useNames>["names"];
  keep: (district: string) => boolean;
  keepRow?: (row: Report["rows"][number]) => boolean;
  caption: string;
}): JSX.Element | null {
  const table = tableOf(report, id);
  if (!table) return null;
  const rows = table.rows.filter((r) => keep(r.keys[0] ?? "") && (!keepRow || keepRow(r)));
  return <StatTable table={table} rows={rows} caption={caption} names={names} />;
}
