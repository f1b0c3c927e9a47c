// A person as institution and authority staff see them: the name and the masked ID number
// (the API never sends these staff the full number), sex and birth year (a full birth date
// beside the masked number would give the hidden digits away).
import type { JSX } from "preact";
import { useT } from "../i18n";
import { Facts } from "./Status";

export interface PersonView {
  name: string;
  idNumberMasked: string;
  sex: "FEMALE" | "MALE";
  birthYear: number;
}

export function PersonFacts({ person }: { person: PersonView }): JSX.Element {
  const { t } = useT();
  return (
    <Facts
      items={[
        [t("person.idNumber"), <span class="mono">{person.idNumberMasked}</span>],
        [
          t("person.sexAndBirth"),
          `${t(`sex.${person.sex}`)} · ${t("person.bornIn", { year: person.birthYear })}`,
        ],
      ]}
    />
  );
}
