// Where a signed-in person lands: a practitioner's or an institution's own home. Officers
// land on their workbench instead (see landingPath).
import type { JSX } from "preact";
import { hasAnyRole, useViewer } from "../../lib/viewer";
import { InstitutionHome } from "./InstitutionHome";
import { PractitionerHome } from "./PractitionerHome";

export function PersonalHomePage(): JSX.Element {
  const viewer = useViewer();
  if (hasAnyRole(viewer, ["INSTITUTION_ADMIN", "INSTITUTION_OPERATOR"]) && viewer.institution) {
    return <InstitutionHome institution={viewer.institution} />;
  }
  return <PractitionerHome />;
}
