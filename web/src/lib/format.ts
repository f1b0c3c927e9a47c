import type { Language } from "../i18n";

/** A date (YYYY-MM-DD or ISO timestamp) in the reader's language. */
export function formatDate(value: string | null | undefined, language: Language): string {
  if (!value) return "";
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, { year: "numeric", month: "long", day: "numeric" }).format(date);
}

export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short" }).format(date);
}

/** The name in the reader's language when the record has one. */
export function localName(language: Language, zh: string, en: string | null | undefined): string {
  return language === "en" && en ? en : zh;
}

/** A district commission's area name: "浦东新区" for "浦东新区卫生健康委员会". */
export function districtName(language: Language, authority: { nameZh: string; nameEn: string }): string {
  return language === "en"
    ? authority.nameEn.replace(/\s+(District\s+)?Health Commission$/, "")
    : authority.nameZh.replace(/卫生健康委员会$/, "");
}

/** A file size as people read it: 820 KB, 1.4 MB. */
export function formatBytes(size: number): string {
  if (size < 1024 * 1024) return `${Math.max(1, Math.round(size / 1024))} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
