// Who is using the portal. Until the identity API answers `viewer`, everyone is public;
// the navigation and the pages read the roles from here only.
import { createContext, type ComponentChildren, type JSX } from "preact";
import { useContext } from "preact/hooks";

export type Audience = "public" | "practitioner" | "institution" | "officer";

export interface Viewer {
  signedIn: boolean;
  displayName: string | null;
  audiences: readonly Audience[];
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

export const PUBLIC_VIEWER: Viewer = { signedIn: false, displayName: null, audiences: ["public"] };

const ViewerContext = createContext<Viewer>(PUBLIC_VIEWER);

export function ViewerProvider({
  viewer,
  children,
}: {
  viewer?: Viewer;
  children: ComponentChildren;
}): JSX.Element {
  return <ViewerContext.Provider value={viewer ?? PUBLIC_VIEWER}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  return useContext(ViewerContext);
}
