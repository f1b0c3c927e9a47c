// Statistics keys and measures in words: district codes by the authorities' names, enum codes
// by the catalogue's labels, approval items by their names.
import type { Language, T, TKey } from "../../i18n";
import { districtName } from "../../lib/format";

export const CITY = "310000";

export interface Names {
  authorities: ReadonlyMap<string, { nameZh: string; nameEn: string }>;
  items: ReadonlyMap<string, { nameZh: string; nameEn: string }>;
}

export function keyLabel(dimension: string, key: string, t: T, language: Language, names: Names): string {
  switch (dimension) {
    case "district": {
      if (key === CITY) return t("stats.city");
      const authority = names.authorities.get(key);
      return authority ? districtName(language, authority) : key;
    }
    case "institutionType":
      return t(`institutionType.${key}` as TKey);
    case "level":
      return t(`institutionLevel.${key}` as TKey);
    case "category":
      return key === "UNSPECIFIED" ? t("stats.unspecified") : t(`practiceCategory.${key}` as TKey);
    case "profession":
      return t(`subject.${key}` as TKey);
    case "ageBand":
      return t(`stats.ageBand.${key}` as TKey);
    case "sex":
      return t(`stats.sex.${key}` as TKey);
    case "item": {
      const item = names.items.get(key);
      return item ? (language === "en" ? item.nameEn : item.nameZh) : key;
    }
    case "monthEnd":
      return key.slice(0, 7);
    case "outcome":
      return t(`stats.outcome.${key}` as TKey);
    default:
      return key;
  }
}

export function measureLabel(measure: string, t: T): string {
  return t(`stats.measure.${measure}` as TKey);
}

export function dimensionLabel(dimension: string, t: T): string {
  return t(`stats.dimension.${dimension}` as TKey);
}
