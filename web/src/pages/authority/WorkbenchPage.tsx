// The officer's desk: counts per status as tabs, a search by number, name or ID tail, filters
// for item, district and overdue, a sortable table using the desktop's width, a preview of
// the selected application beside it (↑/↓ or j/k move, Enter opens it, A accepts, R returns,
// / searches; never while typing), and paper materials confirmed for several at once.
import type { JSX } from "preact";
import { useClient, useQuery } from "@urql/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import "../../styles/workbench.css";
import { fieldId, SelectField, TextField } from "../../components/Form";
import { PageHeading } from "../../components/Page";
import { StatusTag } from "../../components/Status";
import { AuthoritiesQuery } from "../../graphql/documents/directory";
import { ApprovalItemsQuery } from "../../graphql/documents/applications";
import { DeskCountsQuery, DeskQuery } from "../../graphql/documents/workbench";
import type {
  ApplicationStatus,
  ApprovalItemCode,
  DeskQuery as DeskData,
  WorkbenchFilter,
  WorkbenchOrder,
} from "../../gql/graphql";
import { useT } from "../../i18n";
import { applicationTone } from "../../lib/applications";
import { districtName, formatDate, formatDateTime, localName } from "../../lib/format";
import { navigate } from "../../lib/navigation";
import { BulkPaper } from "./BulkPaper";
import { DESK_KEYS } from "./DeskAction";
import { WorkbenchPreview, type DeskCommand } from "./WorkbenchPreview";

const PAGE_SIZE = 30;
const OPEN: readonly ApplicationStatus[] = ["AWAITING_ACCEPTANCE", "UNDER_REVIEW", "AWAITING_PAPER"];
type Tab = "ALL" | ApplicationStatus | "OVERDUE";
type Row = DeskData["workbench"]["nodes"][number];

function useRows(filter: WorkbenchFilter, order: WorkbenchOrder) {
  const client = useClient();
  const [rows, setRows] = useState<readonly Row[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify([filter, order]);

  const load = async (after: string | null): Promise<void> => {
    setLoading(true);
    const result = await client
      .query(DeskQuery, { filter, order, first: PAGE_SIZE, after }, { requestPolicy: "network-only" })
      .toPromise();
    setLoading(false);
    const page = result.data?.workbench;
    if (!page) {
      setFailed(true);
      return;
    }
    setFailed(false);
    setRows((previous) => (after ? [...previous, ...page.nodes] : page.nodes));
    setCursor(page.pageInfo.endCursor);
    setHasMore(page.pageInfo.hasNextPage);
  };
  useEffect(() => {
    void load(null);
  }, [key]);
  return { rows, hasMore, loading, failed, more: () => void load(cursor), reload: () => void load(null) };
}

function SortHeader({
  label,
  orders,
  order,
  onOrder,
}: {
  label: string;
  /** The order a click asks for, and the other direction when it is the current one. */
  orders: readonly [WorkbenchOrder] | readonly [WorkbenchOrder, WorkbenchOrder];
  order: WorkbenchOrder;
  onOrder: (order: WorkbenchOrder) => void;
}): JSX.Element {
  const index = orders.indexOf(order);
  const sorted = index === 0 ? "ascending" : index === 1 ? "descending" : "none";
  const next = index === 0 && orders.length === 2 ? orders[1]! : orders[0];
  return (
    <th scope="col" aria-sort={sorted}>
      <button type="button" class="sort-button" onClick={() => onOrder(next)}>
        {label}
        <span aria-hidden="true" class="sort-mark">
          {sorted === "ascending" ? "▲" : sorted === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </th>
  );
}

export function WorkbenchPage(): JSX.Element {
  const { t, language } = useT();
  const [tab, setTab] = useState<Tab>("ALL");
  const [searchText, setSearchText] = useState("");
  const [search, setSearch] = useState("");
  const [item, setItem] = useState("");
  const [district, setDistrict] = useState("");
  const [order, setOrder] = useState<WorkbenchOrder>("DEADLINE");
  const [selected, setSelected] = useState<string | null>(null);
  const [command, setCommand] = useState<DeskCommand | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());

  const base: WorkbenchFilter = {
    search: search || null,
    items: item ? [item as ApprovalItemCode] : null,
    district: district || null,
  };
  const filter: WorkbenchFilter = {
    ...base,
    statuses: tab === "ALL" || tab === "OVERDUE" ? null : [tab],
    overdue: tab === "OVERDUE",
  };
  const { rows, hasMore, loading, failed, more, reload } = useRows(filter, order);
  const [counts, recount] = useQuery({
    query: DeskCountsQuery,
    variables: { filter: base },
    requestPolicy: "network-only",
  });
  const [items] = useQuery({ query: ApprovalItemsQuery, variables: {} });
  const [authorities] = useQuery({ query: AuthoritiesQuery });

  const countOf = (which: Tab): number | undefined => {
    const c = counts.data?.workbenchCounts;
    if (!c) return undefined;
    if (which === "ALL") return c.total;
    if (which === "OVERDUE") return c.overdue;
    return c.byStatus.find((s) => s.status === which)?.count ?? 0;
  };
  const districts = useMemo(
    () =>
      (authorities.data?.authorities ?? [])
        .filter((a) => a.level === "DISTRICT")
        .map((a) => ({ value: a.code, label: districtName(language, a) })),
    [authorities.data, language],
  );
  const itemOptions = (items.data?.approvalItems ?? []).map((i) => ({
    value: i.code,
    label: localName(language, i.nameZh, i.nameEn),
  }));

  useEffect(() => {
    if (selected && !rows.some((r) => r.id === selected)) setSelected(null);
    setChecked(
      (old) => new Set(rows.filter((r) => old.has(r.id) && r.status === "AWAITING_PAPER").map((r) => r.id)),
    );
  }, [rows]);
  const refresh = (): void => {
    reload();
    recount({ requestPolicy: "network-only" });
  };

  // Shortcuts anywhere on the desk, except while typing in a field.
  useEffect(() => {
    const onShortcut = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      const typing =
        !!target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/") {
        event.preventDefault();
        document.getElementById(fieldId("search"))?.focus();
        return;
      }
      const action = DESK_KEYS[event.key.toLowerCase()];
      if (action && selected) {
        event.preventDefault();
        setCommand({ action, at: Date.now() });
      }
    };
    window.addEventListener("keydown", onShortcut);
    return () => window.removeEventListener("keydown", onShortcut);
  }, [selected]);
  const toggle = (id: string): void =>
    setChecked((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const onKey = (event: KeyboardEvent): void => {
    if (rows.length === 0) return;
    const index = rows.findIndex((r) => r.id === selected);
    if (event.key === "ArrowDown" || event.key === "j") {
      setSelected(rows[Math.min(index + 1, rows.length - 1)]!.id);
      event.preventDefault();
    } else if (event.key === "ArrowUp" || event.key === "k") {
      setSelected(rows[Math.max(index - 1, 0)]!.id);
      event.preventDefault();
    } else if (event.key === "Enter" && selected) {
      navigate(`/applications/${encodeURIComponent(selected)}`);
    }
  };

  const tabs: Tab[] = ["ALL", ...OPEN, "OVERDUE"];
  return (
    <div class="page page-wide workbench">
      <PageHeading title={t("apps.workbenchTitle")} lead={t("apps.workbenchLead")} />
      <div class="desk-tabs" role="group" aria-label={t("desk.statusTabs")}>
        {tabs.map((which) => (
          <button
            key={which}
            type="button"
            class={which === tab ? "desk-tab desk-tab-on" : "desk-tab"}
            aria-pressed={which === tab}
            data-tab={which}
            onClick={() => setTab(which)}
          >
            <span>
              {which === "ALL"
                ? t("desk.all")
                : which === "OVERDUE"
                  ? t("apps.overdue")
                  : t(`applicationStatus.${which}`)}
            </span>
            <span class="desk-count" data-count={countOf(which) ?? ""}>
              {countOf(which) ?? "…"}
            </span>
          </button>
        ))}
      </div>
      <form
        class="filters desk-filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(searchText.trim());
        }}
      >
        <TextField
          name="search"
          label={t("desk.search")}
          hint={t("desk.searchHint")}
          value={searchText}
          onValue={setSearchText}
          markOptional={false}
        />
        <SelectField
          name="item"
          label={t("desk.item")}
          value={item}
          onValue={setItem}
          placeholder={t("desk.allItems")}
          options={itemOptions}
          markOptional={false}
        />
        <SelectField
          name="district"
          label={t("desk.district")}
          value={district}
          onValue={setDistrict}
          placeholder={t("desk.allDistricts")}
          options={districts}
          markOptional={false}
        />
        <div class="filter-actions">
          <button type="submit" class="button">
            {t("desk.searchButton")}
          </button>
        </div>
      </form>
      <BulkPaper
        rows={rows.filter((r) => checked.has(r.id)).map((r) => ({ ...r, number: r.number ?? null }))}
        onDone={() => {
          setChecked(new Set());
          refresh();
        }}
        onClear={() => setChecked(new Set())}
      />
      <div class={selected ? "desk-split desk-split-open" : "desk-split"}>
        <div class="desk-table-wrap">
          {failed && <p class="notice notice-error">{t("errors.network")}</p>}
          <table
            class="desk-table"
            aria-label={t("apps.workbenchTitle")}
            aria-busy={loading}
            tabIndex={0}
            onKeyDown={onKey}
          >
            <thead>
              <tr>
                <th scope="col" class="desk-col-check">
                  <span class="visually-hidden">{t("desk.selectForPaper")}</span>
                </th>
                <SortHeader label={t("apps.number")} orders={["NUMBER"]} order={order} onOrder={setOrder} />
                <th scope="col">{t("desk.item")}</th>
                <th scope="col">{t("apps.applicant")}</th>
                <th scope="col" class="desk-col-wide">
                  {t("apps.institution")}
                </th>
                <th scope="col">{t("lic.status")}</th>
                <SortHeader
                  label={t("apps.submittedAt")}
                  orders={["OLDEST_FIRST", "NEWEST_FIRST"]}
                  order={order}
                  onOrder={setOrder}
                />
                <SortHeader
                  label={t("apps.deadline")}
                  orders={["DEADLINE"]}
                  order={order}
                  onOrder={setOrder}
                />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.id}
                  data-application={row.id}
                  data-status={row.status}
                  class={[row.id === selected && "desk-row-on", row.overdue && "desk-row-overdue"]
                    .filter(Boolean)
                    .join(" ")}
                  aria-selected={row.id === selected}
                  onClick={() => setSelected(row.id)}
                >
                  <td class="desk-col-check">
                    {row.status === "AWAITING_PAPER" && (
                      <label class="desk-check" onClick={(event) => event.stopPropagation()}>
                        <input
                          type="checkbox"
                          checked={checked.has(row.id)}
                          onChange={() => toggle(row.id)}
                        />
                        <span class="visually-hidden">
                          {t("desk.selectRow", { number: row.number ?? "" })}
                        </span>
                      </label>
                    )}
                  </td>
                  <td class="mono">
                    <a
                      href={`/applications/${encodeURIComponent(row.id)}`}
                      onClick={(event) => {
                        if (event.button === 0 && !event.ctrlKey && !event.metaKey) {
                          event.preventDefault();
                          setSelected(row.id);
                        }
                      }}
                    >
                      {row.number ?? t("apps.draft")}
                    </a>
                  </td>
                  <td>{localName(language, row.item.nameZh, row.item.nameEn)}</td>
                  <td>{row.subjectName}</td>
                  <td class="desk-col-wide">
                    {row.institution ? localName(language, row.institution.name, row.institution.nameEn) : ""}
                  </td>
                  <td>
                    <StatusTag
                      tone={applicationTone(row.status)}
                      status={row.status}
                      label={t(`applicationStatus.${row.status}`)}
                    />
                    {row.overdue && <StatusTag tone="danger" status="OVERDUE" label={t("apps.overdue")} />}
                  </td>
                  <td>{row.submittedAt ? formatDateTime(row.submittedAt, language) : ""}</td>
                  <td>{row.deadline ? formatDate(row.deadline, language) : t("apps.noDeadline")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!loading && rows.length === 0 && !failed && <p class="desk-empty">{t("apps.workbenchEmpty")}</p>}
          {hasMore && (
            <button type="button" class="button button-secondary" disabled={loading} onClick={more}>
              {t("desk.more")}
            </button>
          )}
          <p class="field-hint desk-keys">{t("desk.keys")}</p>
        </div>
        {selected && (
          <WorkbenchPreview
            id={selected}
            command={command}
            onClose={() => setSelected(null)}
            onChanged={refresh}
          />
        )}
      </div>
    </div>
  );
}
