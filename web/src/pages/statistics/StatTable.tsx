// A statistics table: one row per key, one column per measure, sortable by any column;
// suppressed cells read "<5" with an explanation for screen readers.
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { StatisticsReportFieldsFragment } from "../../gql/graphql";
import { useT } from "../../i18n";
import { CITY, dimensionLabel, keyLabel, measureLabel, type Names } from "./labels";

export type StatTableData = StatisticsReportFieldsFragment["tables"][number];
type Row = StatTableData["rows"][number];

interface Sort {
  column: number;
  descending: boolean;
}

export function StatTable({
  table,
  caption,
  names,
  rows,
  measures,
}: {
  table: StatTableData;
  caption: string;
  names: Names;
  /** The rows to show (default: all). */
  rows?: readonly Row[];
  /** The measures to show, in order (default: all). */
  measures?: readonly string[];
}): JSX.Element {
  const { t, language } = useT();
  const [sort, setSort] = useState<Sort | null>(null);
  const shown = measures ?? table.measures;
  const indexes = shown.map((m) => table.measures.indexOf(m)).filter((i) => i >= 0);
  const dims = table.dimensions.length;
  const labelled = useMemo(
    () =>
      (rows ?? table.rows).map((row) => ({
        row,
        labels: row.keys.map((key, i) => keyLabel(table.dimensions[i] ?? "", key, t, language, names)),
      })),
    [rows, table, t, language, names],
  );
  const sorted = useMemo(() => {
    if (!sort) {
      const total = labelled.filter((entry) => entry.row.keys[0] === CITY);
      return [...labelled.filter((entry) => entry.row.keys[0] !== CITY), ...total];
    }
    const { column, descending } = sort;
    const value = (entry: (typeof labelled)[number]): number | string => {
      if (column < dims) return entry.labels[column] ?? "";
      const cell = entry.row.values[indexes[column - dims] ?? 0];
      return cell?.suppressed ? 0.5 : (cell?.value ?? -1);
    };
    // The city row (the total) stays last whatever the order.
    const copy = labelled.filter((entry) => entry.row.keys[0] !== CITY);
    copy.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order =
        typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), language);
      return descending ? -order : order;
    });
    return [...copy, ...labelled.filter((entry) => entry.row.keys[0] === CITY)];
  }, [labelled, sort, dims, indexes, language]);
  const numbers = useMemo(() => new Intl.NumberFormat(language, { maximumFractionDigits: 2 }), [language]);
  // The city row is the total only beside district rows (a city-only table has no total).
  const mixed = sorted.some((entry) => entry.row.keys[0] !== CITY);
  const headers = [
    ...table.dimensions.map((d) => dimensionLabel(d, t)),
    ...indexes.map((i) => measureLabel(table.measures[i] ?? "", t)),
  ];
  return (
    <div class="stats-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table class="stats-table" data-table={table.id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header, column) => {
              const active = sort?.column === column;
              return (
                <th
                  key={header}
                  scope="col"
                  class={column >= dims ? "num" : undefined}
                  aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}
                >
                  <button
                    type="button"
                    class="sort-button"
                    onClick={() =>
                      setSort({ column, descending: active ? !sort.descending : column >= dims })
                    }
                  >
                    {header}
                    <span aria-hidden="true">{active ? (sort.descending ? " ▼" : " ▲") : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map(({ row, labels }) => (
            <tr key={row.keys.join("|")} class={mixed && row.keys[0] === CITY ? "total-row" : undefined}>
              {labels.map((label, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {label}
                  </th>
                ) : (
                  <td key={i}>{label}</td>
                ),
              )}
              {indexes.map((i) => {
                const cell = row.values[i];
                return (
                  <td key={i} class="num">
                    {cell?.suppressed ? (
                      <abbr title={t("stats.suppressedTitle")}>{cell.text}</abbr>
                    ) : cell?.value !== null && cell?.value !== undefined ? (
                      numbers.format(cell.value)
                    ) : (
                      "—"
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length === 0 && <p class="hint">{t("stats.noRows")}</p>}
    </div>
  );
}
