// How identity's states and roles read and look in the portal.
import type { Tone } from "../components/Status";
import type { AccountStatus, CertificationStatus, DisputeStatus, Role } from "../gql/graphql";
import type { Language, T } from "../i18n";
import { localName } from "./format";

export function certificationTone(status: CertificationStatus): Tone {
  return ({ REQUESTED: "warning", CERTIFIED: "success", DECLINED: "danger", ENDED: "neutral" } as const)[
    status
  ];
}

export function accountTone(status: AccountStatus): Tone {
  return ({ PENDING: "warning", ACTIVE: "success", DISABLED: "danger" } as const)[status];
}

export function disputeTone(status: DisputeStatus): Tone {
  return ({ OPEN: "warning", KEPT: "neutral", TRANSFERRED: "info" } as const)[status];
}

export interface AuthorityName {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** "机构管理员 · 上海市浦东新区人民医院": a role and where it applies. */
export function roleScope(
  role: Role,
  scope: {
    institution: { name: string; nameEn: string | null } | null;
    authorityCode: string | null;
  },
  language: Language,
  t: T,
  authorities: readonly AuthorityName[] = [],
): string {
  const label = t(`role.${role}`);
  if (role.startsWith("INSTITUTION_") && scope.institution) {
    return `${label} · ${localName(language, scope.institution.name, scope.institution.nameEn)}`;
  }
  if (role.startsWith("AUTHORITY_") && scope.authorityCode) {
    const authority = authorities.find((a) => a.code === scope.authorityCode);
    const name = authority ? localName(language, authority.nameZh, authority.nameEn) : scope.authorityCode;
    return `${label} · ${name}`;
  }
  return label;
}
