// A person as institution and authority staff see them: the name and the masked ID number
// (the API never sends these staff the full number), sex and birth date.
import type { JSX } from "preact";
import { useT } from "../i18n";
import { formatDate } from "../lib/format";
import { Facts } from "./Status";

export interface PersonView {
  name: string;
  idNumberMasked: string;
  sex: "FEMALE" | "MALE";
  birthDate: string;
}

export function PersonFacts({ person }: { person: PersonView }): JSX.Element {
  const { t, language } = useT();
  return (
    <Facts
      items={[
        [t("person.idNumber"), <span class="mono">{person.idNumberMasked}</span>],
        [t("person.sexAndBirth"), `${t(`sex.${person.sex}`)} · ${formatDate(person.birthDate, language)}`],
      ]}
    />
  );
}
