import i18next, { type TOptions } from "i18next";
import { useEffect, useState } from "preact/hooks";
import zhCN, { type Catalogue } from "./zh-CN";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "medreg.language";

// Dotted paths of every string in the catalogue; plural keys are used by their base name.
type Paths<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K extends `${infer Base}_${"one" | "other"}` ? Base : K}`
    : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type TKey = Paths<Catalogue>;
export type T = (key: TKey, options?: TOptions) => string;

function storedLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === "en" || stored === "zh-CN") return stored;
  } catch {
    // storage can be blocked; the default applies
  }
  return "zh-CN";
}

// Chinese is in the first chunk; English is fetched the first time it is chosen (the first
// load of most users is lighter by its size), and before the first render when it was stored.
export const i18n = i18next.createInstance();
void i18n.init({
  lng: "zh-CN",
  fallbackLng: "zh-CN",
  supportedLngs: [...LANGUAGES],
  resources: { "zh-CN": { translation: zhCN } },
  interpolation: { escapeValue: false }, // Preact escapes text itself
  initAsync: false,
  returnNull: false,
});

function applyToDocument(language: string): void {
  if (typeof document === "undefined") return;
  document.documentElement.lang = language;
  document.title = i18n.t("app.name");
}
applyToDocument(i18n.language);

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "zh-CN";
}

async function loadCatalogue(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, "translation")) return;
  const { default: en } = await import("./en");
  i18n.addResourceBundle("en", "translation", en);
}

/** Before the first render: the language this browser chose last time, loaded. */
export async function restoreLanguage(): Promise<void> {
  const stored = storedLanguage();
  if (stored === i18n.language) return;
  try {
    await loadCatalogue(stored);
    await i18n.changeLanguage(stored);
    applyToDocument(stored);
  } catch {
    // the chunk could not be fetched: the page shows in Chinese
  }
}

export async function setLanguage(language: Language): Promise<void> {
  await loadCatalogue(language);
  await i18n.changeLanguage(language);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered: still switched for this page
  }
  applyToDocument(language);
}

export const t: T = (key, options) => i18n.t(key, options ?? {}) as string;

/** The translate function; re-renders the component when the language changes. */
export function useT(): { t: T; language: Language } {
  const [language, setState] = useState<Language>(currentLanguage());
  useEffect(() => {
    const onChange = (): void => setState(currentLanguage());
    i18n.on("languageChanged", onChange);
    return () => i18n.off("languageChanged", onChange);
  }, []);
  return { t, language };
}
