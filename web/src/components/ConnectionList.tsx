// A paged list: how many are shown, the items, "load more" while there are more, and the
// empty and failed states. Every list of the signed-in pages uses it.
import type { ComponentChildren, JSX } from "preact";
import { describeError } from "../graphql/errors";
import { useT } from "../i18n";
import type { ConnectionState } from "../lib/useConnection";
import { Button } from "./Form";
import { Loading, Notice } from "./Page";

export function ConnectionList<Node>({
  id,
  list,
  keyOf,
  render,
  empty,
  label,
  rows = false,
}: {
  /** Unique on the page: names the status line. */
  id: string;
  list: ConnectionState<Node>;
  keyOf: (node: Node) => string;
  render: (node: Node) => ComponentChildren;
  empty: string;
  /** What the list holds, for screen readers. */
  label: string;
  /** One item per row on wide screens too (items that open large panels). */
  rows?: boolean;
}): JSX.Element {
  const { t } = useT();
  const statusId = `${id}-status`;
  return (
    <section class="results" aria-label={label} aria-busy={list.loading}>
      <p id={statusId} class="results-status" role="status">
        {list.loading
          ? t("app.loading")
          : list.items.length > 0
            ? t("list.shown", { count: list.items.length })
            : ""}
      </p>
      {list.error && <Notice kind="error">{describeError(list.error, t)}</Notice>}
      {!list.loading && !list.error && list.items.length === 0 && <Notice>{empty}</Notice>}
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : (
        list.items.length > 0 && (
          <ol class={rows ? "item-list item-list-rows" : "item-list"}>
            {list.items.map((node) => (
              <li key={keyOf(node)}>{render(node)}</li>
            ))}
          </ol>
        )
      )}
      {list.hasMore ? (
        <div class="load-more">
          <Button
            kind="secondary"
            busy={list.loadingMore}
            busyLabel={t("list.loadingMore")}
            onClick={list.loadMore}
          >
            {t("list.loadMore")}
          </Button>
        </div>
      ) : (
        !list.loading && list.items.length > 0 && <p class="results-end">{t("list.end")}</p>
      )}
    </section>
  );
}
