// Choosing an institution by its name from the public directory, instead of typing its
// 18-character unified social credit code. The chosen institution's code is the value.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useEffect, useState } from "preact/hooks";
import { InstitutionChoicesQuery } from "../graphql/documents/directory";
import type { InstitutionChoicesQuery as Choices } from "../gql/graphql";
import { useT } from "../i18n";
import { districtName, localName } from "../lib/format";
import { Button, TextField, fieldId } from "./Form";
import { Icon } from "./Icon";

type Choice = NonNullable<Choices["institutions"]>["nodes"][number];

/** The text typed settles for a moment before the directory is asked. */
function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export interface PickedInstitution {
  uscc: string;
  name: string;
}

export function InstitutionPicker({
  name,
  label,
  hint,
  picked,
  onPick,
  error,
}: {
  name: string;
  label: string;
  hint: string;
  picked: PickedInstitution | null;
  onPick: (institution: PickedInstitution | null) => void;
  error?: string | undefined;
}): JSX.Element {
  const { t, language } = useT();
  const [text, setText] = useState("");
  const wanted = useSettled(text.trim(), 250);
  const [result] = useQuery({
    query: InstitutionChoicesQuery,
    variables: { nameContains: wanted },
    pause: wanted.length < 2 || picked !== null,
  });
  const choices: Choice[] = wanted.length < 2 ? [] : (result.data?.institutions.nodes ?? []);

  if (picked) {
    return (
      <div class="field picked-institution" id={fieldId(name)} tabIndex={-1}>
        <p class="field-label">{label}</p>
        <p class="picked-name">
          <Icon name="check" size={16} />
          <span data-picked-uscc={picked.uscc}>{picked.name}</span>
        </p>
        <Button kind="quiet" onClick={() => onPick(null)}>
          {t("picker.change")}
        </Button>
      </div>
    );
  }
  const listId = `${fieldId(name)}-choices`;
  return (
    <div class="institution-picker">
      <TextField
        name={name}
        label={label}
        hint={hint}
        value={text}
        onValue={setText}
        error={error}
        required
        type="search"
        autoComplete="off"
        spellcheck={false}
        alsoDescribedBy={listId}
      />
      <div id={listId} aria-live="polite">
        {wanted.length >= 2 && !result.fetching && choices.length === 0 && (
          <p class="picker-empty">{t("picker.none", { text: wanted })}</p>
        )}
        {choices.length > 0 && (
          <ul class="picker-choices" aria-label={t("picker.choices")}>
            {choices.map((choice) => (
              <li key={choice.id}>
                <button
                  type="button"
                  class="picker-choice"
                  onClick={() =>
                    onPick({ uscc: choice.uscc, name: localName(language, choice.name, choice.nameEn) })
                  }
                >
                  <span class="picker-choice-name">{localName(language, choice.name, choice.nameEn)}</span>
                  <span class="picker-choice-meta">
                    {[choice.district ? districtName(language, choice.district) : null, choice.address]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
