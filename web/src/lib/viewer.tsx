// Who is using the portal: the `me` query, read once per page load and replaced by the
// answer of every mutation that signs in or changes the account. The navigation and the
// pages read roles and scopes from here only.
import { createContext, type ComponentChildren, type JSX } from "preact";
import { useClient } from "@urql/preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { redirectToSignIn, SESSION_ENDED_EVENT } from "../graphql/client";
import { LogoutEverywhereMutation, LogoutMutation, ViewerQuery } from "../graphql/documents/session";
import type { Role, ViewerFieldsFragment } from "../gql/graphql";
import { keptHolder, type KeptHolder } from "./keptLicences";

export type Audience = "public" | "practitioner" | "institution" | "officer";

export interface ViewerInstitution {
  id: string;
  name: string;
  nameEn: string | null;
}

export interface Viewer {
  signedIn: boolean;
  displayName: string | null;
  audiences: readonly Audience[];
  roles: readonly Role[];
  accountId: string | null;
  /** PERSONAL, INSTITUTION, AUTHORITY or SYSTEM. */
  kind: string | null;
  username: string | null;
  totpEnabled: boolean;
  /** The institution of an institution admin or operator. */
  institution: ViewerInstitution | null;
  /** The authority of an authority admin or officer. */
  authorityCode: string | null;
}

/** The portal sections a set of role grants opens; everyone keeps the public one. */
export function audiencesOf(roles: readonly string[]): Audience[] {
  const audiences: Audience[] = ["public"];
  if (roles.includes("PRACTITIONER")) audiences.push("practitioner");
  if (roles.some((role) => role.startsWith("INSTITUTION_"))) audiences.push("institution");
  if (roles.some((role) => role.startsWith("AUTHORITY_") || role === "SYSTEM_ADMIN")) {
    audiences.push("officer");
  }
  return audiences;
}

export const PUBLIC_VIEWER: Viewer = {
  signedIn: false,
  displayName: null,
  audiences: ["public"],
  roles: [],
  accountId: null,
  kind: null,
  username: null,
  totpEnabled: false,
  institution: null,
  authorityCode: null,
};

export function viewerFrom(me: ViewerFieldsFragment | null | undefined): Viewer {
  if (!me) return PUBLIC_VIEWER;
  const { account } = me;
  const roles = [...new Set(account.grants.map((grant) => grant.role))];
  const institutionGrant = account.grants.find((grant) => grant.institution);
  const authorityGrant = account.grants.find((grant) => grant.authorityCode);
  return {
    signedIn: true,
    displayName: account.displayName,
    audiences: audiencesOf(roles),
    roles,
    accountId: account.id,
    kind: account.kind,
    username: account.username,
    totpEnabled: account.totpEnabled,
    institution: institutionGrant?.institution
      ? {
          id: institutionGrant.institution.id,
          name: institutionGrant.institution.name,
          nameEn: institutionGrant.institution.nameEn,
        }
      : null,
    authorityCode: authorityGrant?.authorityCode ?? null,
  };
}

/** The holder who kept licences on this device, shown when the portal opens without a
 * connection: the licence page opens from the kept copy; everything else asks the network. */
export function offlineViewer(holder: KeptHolder | null): Viewer | null {
  if (!holder) return null;
  return {
    ...PUBLIC_VIEWER,
    signedIn: true,
    displayName: holder.displayName,
    audiences: audiencesOf(holder.roles),
    roles: holder.roles,
    accountId: holder.accountId,
    kind: holder.kind,
  };
}

export function hasAnyRole(viewer: Viewer, roles: readonly Role[]): boolean {
  return roles.some((role) => viewer.roles.includes(role));
}

/** Where a freshly signed-in account starts when no page asked to be returned to. */
export function landingPath(viewer: Viewer): string {
  if (hasAnyRole(viewer, ["PRACTITIONER", "INSTITUTION_ADMIN", "INSTITUTION_OPERATOR"])) return "/home";
  if (hasAnyRole(viewer, ["AUTHORITY_ADMIN", "AUTHORITY_OFFICER"])) return "/authority/workbench";
  if (viewer.roles.includes("SYSTEM_ADMIN")) return "/authority/staff";
  return "/me";
}

export interface Session {
  viewer: Viewer;
  /** True until the first `me` answer arrived. */
  loading: boolean;
  /** Take the account a sign-in (or account change) returned. */
  signedIn: (me: ViewerFieldsFragment) => void;
  /** End this browser's session; resolves when the server has forgotten it. */
  signOut: (everywhere?: boolean) => Promise<boolean>;
  refresh: () => Promise<void>;
}

const ViewerContext = createContext<Viewer>(PUBLIC_VIEWER);
const SessionContext = createContext<Session | null>(null);

/**
 * Without `viewer`, asks the API who is signed in. `renewClient` replaces the GraphQL client
 * (and with it every cached answer) whenever the account changes, so nothing one account
 * loaded can show up for the next.
 */
export function ViewerProvider({
  viewer: fixed,
  renewClient,
  children,
}: {
  viewer?: Viewer;
  renewClient?: () => void;
  children: ComponentChildren;
}): JSX.Element {
  const client = useClient();
  const [state, setState] = useState<{ loading: boolean; viewer: Viewer }>({
    loading: fixed === undefined,
    viewer: fixed ?? PUBLIC_VIEWER,
  });

  const refresh = useCallback(async () => {
    const result = await client.query(ViewerQuery, {}, { requestPolicy: "network-only" }).toPromise();
    setState((previous) => ({
      loading: false,
      // A network failure keeps what was known (on opening, the holder who kept licences on
      // this device); a null `me` means signed out.
      viewer:
        result.error && !result.data
          ? previous.viewer.signedIn || !result.error.networkError
            ? previous.viewer
            : (offlineViewer(keptHolder()) ?? previous.viewer)
          : viewerFrom(result.data?.me),
    }));
  }, [client]);

  useEffect(() => {
    if (fixed === undefined) void refresh();
  }, [fixed, refresh]);

  useEffect(() => {
    const ended = (): void => {
      setState({ loading: false, viewer: PUBLIC_VIEWER });
      renewClient?.();
    };
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, [renewClient]);

  const accountId = useRef(state.viewer.accountId);
  accountId.current = state.viewer.accountId;

  const signedIn = useCallback(
    (me: ViewerFieldsFragment) => {
      const next = viewerFrom(me);
      if (accountId.current !== next.accountId) renewClient?.();
      setState({ loading: false, viewer: next });
    },
    [renewClient],
  );

  const signOut = useCallback(
    async (everywhere = false) => {
      const result = await client
        .mutation(everywhere ? LogoutEverywhereMutation : LogoutMutation, {})
        .toPromise();
      if (result.error && !result.data) return false;
      setState({ loading: false, viewer: PUBLIC_VIEWER });
      renewClient?.();
      return true;
    },
    [client, renewClient],
  );

  const session = useMemo<Session>(
    () => ({ viewer: state.viewer, loading: state.loading, signedIn, signOut, refresh }),
    [state, signedIn, signOut, refresh],
  );

  return (
    <SessionContext.Provider value={session}>
      <ViewerContext.Provider value={state.viewer}>{children}</ViewerContext.Provider>
    </SessionContext.Provider>
  );
}

export function useViewer(): Viewer {
  return useContext(ViewerContext);
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside ViewerProvider");
  return session;
}

/**
 * `me` is null, not an error, without a session: a signed-in page whose `me` came back null
 * lost its session on the way (expired, or signed out elsewhere) and sends the user to sign in.
 */
export function useRequireMe(data: { me?: unknown } | undefined): void {
  useEffect(() => {
    if (data && data.me === null) redirectToSignIn();
  }, [data]);
}
