// "Load more" over a Relay-style connection: the first page reloads when the variables change,
// later pages are appended. Every list of the portal pages through this hook.
import type { AnyVariables, CombinedError, TypedDocumentNode } from "@urql/core";
import { useClient } from "@urql/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Page<Node> {
  nodes: readonly Node[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface ConnectionState<Node> {
  items: readonly Node[];
  hasMore: boolean;
  /** True while the first page loads. */
  loading: boolean;
  /** True while a further page loads. */
  loadingMore: boolean;
  error: CombinedError | undefined;
  loadMore: () => void;
  reload: () => void;
  /** Change the loaded items in place (an item decided or edited on this page). */
  update: (change: (items: readonly Node[]) => readonly Node[]) => void;
}

export function useConnection<Data, Vars extends AnyVariables & { after?: string | null }, Node>(
  document: TypedDocumentNode<Data, Vars>,
  variables: Omit<Vars, "after">,
  select: (data: Data) => Page<Node>,
): ConnectionState<Node> {
  const client = useClient();
  const [items, setItems] = useState<readonly Node[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<CombinedError | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  const latest = useRef(0);
  const selectRef = useRef(select);
  selectRef.current = select;

  const fetchPage = useCallback(
    async (after: string | null, append: boolean) => {
      const ticket = ++latest.current;
      if (append) setLoadingMore(true);
      else setLoading(true);
      const vars = { ...(JSON.parse(key) as object), after } as unknown as Vars;
      const result = await client.query(document, vars, { requestPolicy: "network-only" }).toPromise();
      if (ticket !== latest.current) return; // a newer request replaced this one
      setLoading(false);
      setLoadingMore(false);
      setError(result.error);
      if (!result.data) return;
      const page = selectRef.current(result.data);
      setItems((previous) => (append ? [...previous, ...page.nodes] : page.nodes));
      setHasMore(page.pageInfo.hasNextPage);
      setCursor(page.pageInfo.endCursor ?? null);
    },
    [client, document, key],
  );

  useEffect(() => {
    setItems([]);
    void fetchPage(null, false);
  }, [fetchPage, generation]);

  return {
    items,
    hasMore,
    loading,
    loadingMore,
    error,
    loadMore: () => {
      if (hasMore && !loadingMore) void fetchPage(cursor, true);
    },
    reload: () => setGeneration((n) => n + 1),
    update: (change) => setItems((previous) => change(previous)),
  };
}
