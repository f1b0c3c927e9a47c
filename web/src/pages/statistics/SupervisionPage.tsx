// Rollout supervision for the municipal commission (and each district for itself): the
// districts ranked by activated accounts, how applications arrive and are decided, working
// days to a decision per approval item, and the institutions lagging behind.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useMemo, useState } from "preact/hooks";
import { Button, SelectField } from "../../components/Form";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { RolloutSupervisionQuery } from "../../graphql/documents/statistics";
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

const DISTRICT_COLUMNS = [
  "rank",
  "practitioners",
  "activatedShare",
  "certifiedShare",
  "onlineShare",
  "paperlessShare",
  "medianWorkingDays",
  "p90WorkingDays",
  "overdueNow",
  "returnedShare",
  "refusedShare",
  "licencesIssued",
];
const ITEM_COLUMNS = [
  "submittedOnline",
  "submittedCounter",
  "decided",
  "paperlessShare",
  "medianWorkingDays",
  "p90WorkingDays",
  "returnedShare",
  "refusedShare",
  "overdueNow",
];

function yearBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function SupervisionPage(): JSX.Element {
  const { t, language } = useT();
  const viewer = useViewer();
  const own = viewer.authorityCode ?? CITY;
  const { names, districts } = useNames();
  const today = todayInShanghai();
  const [authority, setAuthority] = useState(own);
  const [from, setFrom] = useState(yearBefore(today));
  const [to, setTo] = useState(today);
  const [applied, setApplied] = useState({ authority: own, from: yearBefore(today), to: today });
  const [item, setItem] = useState("");
  const [result] = useQuery({ query: RolloutSupervisionQuery, variables: applied });
  const report = result.data?.rolloutSupervision;

  const ranking = useMemo(() => {
    const table = report && tableOf(report, "supervisionDistricts");
    if (!table) return null;
    const rows = table.rows
      .filter((r) => r.keys[0] !== CITY)
      .sort((a, b) => (valueOf(table, a, "rank") ?? 99) - (valueOf(table, b, "rank") ?? 99));
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r) => keyLabel("district", r.keys[0] ?? "", t, language, names)),
      },
      xAxis: { type: "value", max: 100 },
      series: (["activatedShare", "certifiedShare", "paperlessShare"] as const).map((m) => ({
        type: "bar",
        name: t(`stats.measure.${m}` as TKey),
        data: rows.map((r) => valueOf(table, r, m)),
      })),
    };
  }, [report, t, language, names]);

  const verifications = useMemo(() => {
    const table = report && tableOf(report, "verificationsByDay");
    if (!table || table.rows.length === 0) return null;
    const days = [...new Set(table.rows.map((r) => r.keys[0] ?? ""))].sort();
    const outcomes = [...new Set(table.rows.map((r) => r.keys[1] ?? ""))].sort();
    const count = new Map(
      table.rows.map((r) => [`${r.keys[0]} ${r.keys[1]}`, valueOf(table, r, "verifications")]),
    );
    return {
      table,
      option: {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
        xAxis: { type: "category", data: days },
        yAxis: { type: "value", minInterval: 1 },
        series: outcomes.map((outcome) => ({
          type: "line",
          name: keyLabel("outcome", outcome, t, language, names),
          data: days.map((day) => count.get(`${day} ${outcome}`) ?? 0),
        })),
      },
    };
  }, [report, t, language, names]);

  const items = report && tableOf(report, "supervisionItems");
  const download = `/statistics/supervision.{fmt}?authority=${applied.authority}&from=${applied.from}&to=${applied.to}`;
  return (
    <div class="page stats-page">
      <PageHeading title={t("stats.supervisionTitle")} lead={t("stats.supervisionLead")} />
      <form
        class="filters stats-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied({ authority, from, to });
        }}
      >
        <AuthorityField own={own} value={authority} onValue={setAuthority} districts={districts} />
        <DateField name="from" label={t("stats.from")} value={from} onValue={setFrom} max={today} />
        <DateField name="to" label={t("stats.to")} value={to} onValue={setTo} max={today} />
        <div class="button-row">
          <Button type="submit">{t("stats.show")}</Button>
        </div>
      </form>
      {result.fetching && <Loading />}
      {result.error && <Notice kind="error">{describeError(result.error, t)}</Notice>}
      {report && (
        <>
          <div class="stats-toolbar">
            <p class="stats-asof">
              {t("stats.periodLine", {
                from: formatDate(report.periodFrom, language),
                to: formatDate(report.periodTo, language),
              })}
            </p>
            <Downloads path={download} />
          </div>
          <section class="stats-section" aria-label={t("stats.section.ranking")}>
            <h2>{t("stats.section.ranking")}</h2>
            <div class="stats-grid">
              {ranking && report.authority === CITY && (
                <Chart
                  option={ranking}
                  height={440}
                  label={t("stats.chartLabel", { table: t("stats.section.ranking") })}
                />
              )}
              {tableOf(report, "supervisionDistricts") && (
                <StatTable
                  table={tableOf(report, "supervisionDistricts")!}
                  measures={DISTRICT_COLUMNS}
                  caption={t("stats.section.ranking")}
                  names={names}
                />
              )}
            </div>
          </section>
          {items && (
            <section class="stats-section" aria-label={t("stats.section.items")}>
              <h2>{t("stats.section.items")}</h2>
              <div class="filters stats-filters">
                <SelectField
                  markOptional={false}
                  name="item"
                  label={t("stats.filterItem")}
                  value={item}
                  onValue={setItem}
                  placeholder={t("stats.allItems")}
                  options={items.rows.map((r) => ({
                    value: r.keys[0] ?? "",
                    label: keyLabel("item", r.keys[0] ?? "", t, language, names),
                  }))}
                />
              </div>
              <StatTable
                table={items}
                rows={items.rows.filter((r) => !item || r.keys[0] === item)}
                measures={ITEM_COLUMNS}
                caption={t("stats.section.items")}
                names={names}
              />
            </section>
          )}
          {tableOf(report, "laggingInstitutions") && (
            <section class="stats-section" aria-label={t("stats.section.lagging")}>
              <h2>{t("stats.section.lagging")}</h2>
              <StatTable
                table={tableOf(report, "laggingInstitutions")!}
                caption={t("stats.section.lagging")}
                names={names}
              />
            </section>
          )}
          <section class="stats-section" aria-label={t("stats.section.verifications")}>
            <h2>{t("stats.section.verifications")}</h2>
            {verifications ? (
              <div class="stats-grid">
                <Chart
                  option={verifications.option}
                  height={320}
                  label={t("stats.chartLabel", { table: t("stats.section.verifications") })}
                />
                <StatTable
                  table={verifications.table}
                  caption={t("stats.section.verifications")}
                  names={names}
                />
              </div>
            ) : (
              <p>{t("stats.noVerifications")}</p>
            )}
          </section>
          <ReportNotes report={report} />
        </>
      )}
    </div>
  );
}
