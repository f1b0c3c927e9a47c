// The signed-in account: a practitioner's own record (unmasked: the owner is the only one who
// sees it so), the certifications asked for, and the security settings of every account.
import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { Button } from "../../components/Form";
import { Icon, type IconName } from "../../components/Icon";
import { Loading, Notice, PageHeading } from "../../components/Page";
import { ActionPanel, Facts, StatusTag } from "../../components/Status";
import { useToasts } from "../../components/Toasts";
import { AuthoritiesQuery } from "../../graphql/documents/directory";
import { MyProfileQuery } from "../../graphql/documents/personal";
import { describeError } from "../../graphql/errors";
import type { MyProfileQuery as Profile } from "../../gql/graphql";
import { useT, type TKey } from "../../i18n";
import { certificationTone, roleScope } from "../../lib/identityLabels";
import { formatDate, localName } from "../../lib/format";
import { navigate } from "../../lib/navigation";
import { useRequireMe, useSession } from "../../lib/viewer";

type Me = NonNullable<Profile["me"]>;

function PersonFacts({ me }: { me: Me }): JSX.Element | null {
  const { t, language } = useT();
  const person = me.person;
  if (!person) return null;
  return (
    <section class="panel section" aria-labelledby="person-title">
      <h2 id="person-title">{t("account.personTitle")}</h2>
      <Facts
        class="facts-table"
        items={[
          [t("account.name"), person.name],
          [t("account.idNumber"), <span class="mono">{person.idNumber}</span>],
          [t("account.sex"), t(`sex.${person.sex}`)],
          [t("account.birthDate"), formatDate(person.birthDate, language)],
          [t("account.mobile"), <span class="mono">{person.mobile ?? person.mobileMasked ?? "—"}</span>],
        ]}
      />
      <p class="field-hint">
        <Icon name="lock" size={16} /> {t("account.ownDataNote", { masked: person.idNumberMasked })}
      </p>
    </section>
  );
}

function Certifications({ me }: { me: Me }): JSX.Element {
  const { t, language } = useT();
  return (
    <section class="panel section" aria-labelledby="certifications-title">
      <h2 id="certifications-title">{t("account.certificationsTitle")}</h2>
      {me.certifications.length === 0 ? (
        <p>{t("account.noCertifications")}</p>
      ) : (
        <ul class="plain-list">
          {me.certifications.slice(0, 3).map((row) => (
            <li key={row.id} class="summary-row">
              <span>
                {row.institution ? localName(language, row.institution.name, row.institution.nameEn) : "—"}
                {" · "}
                {t(`profession.${row.profession}`)}
              </span>
              <StatusTag
                tone={certificationTone(row.status)}
                status={row.status}
                label={t(`certificationStatus.${row.status}`)}
              />
            </li>
          ))}
        </ul>
      )}
      <a class="button button-secondary" href="/me/certification">
        {me.certifications.length === 0 ? t("account.requestCertification") : t("account.allCertifications")}
      </a>
    </section>
  );
}

function StaffFacts({ me }: { me: Me }): JSX.Element {
  const { t, language } = useT();
  const session = useSession();
  const [authorities] = useQuery({ query: AuthoritiesQuery });
  return (
    <section class="panel section" aria-labelledby="account-title">
      <h2 id="account-title">{t("account.accountTitle")}</h2>
      <Facts
        class="facts-table"
        items={[
          [t("account.displayName"), me.account.displayName],
          me.account.username
            ? [t("account.username"), <span class="mono">{me.account.username}</span>]
            : null,
          [
            t("account.roles"),
            session.viewer.roles.map((role) => (
              <span class="block" key={role}>
                {roleScope(role, session.viewer, language, t, authorities.data?.authorities)}
              </span>
            )),
          ],
          [t("account.mobile"), <span class="mono">{me.account.mobileMasked ?? "—"}</span>],
        ]}
      />
    </section>
  );
}

interface Link {
  href: string;
  icon: IconName;
  title: TKey;
  text: TKey;
}

function SignOutEverywhere(): JSX.Element {
  const { t } = useT();
  const { signOut } = useSession();
  const toasts = useToasts();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    const progress = toasts.progress(t("account.signingOut"));
    const done = await signOut(true);
    setBusy(false);
    if (!done) {
      progress.fail(t("errors.network"));
      return;
    }
    progress.succeed(t("account.signedOutEverywhere"));
    navigate("/sign-in", true);
  };
  return (
    <div class="security-item">
      <p class="security-title">
        <Icon name="logout" size={20} /> {t("account.everywhereTitle")}
      </p>
      <p class="security-text">{t("account.everywhereText")}</p>
      {open ? (
        <ActionPanel title={t("account.everywhereTitle")} onClose={() => setOpen(false)}>
          <p>{t("account.everywhereConfirm")}</p>
          <div class="button-row">
            <Button onClick={() => void confirm()} busy={busy} busyLabel={t("account.signingOut")}>
              {t("account.everywhereSubmit")}
            </Button>
            <Button kind="quiet" onClick={() => setOpen(false)}>
              {t("form.cancel")}
            </Button>
          </div>
        </ActionPanel>
      ) : (
        <Button kind="secondary" onClick={() => setOpen(true)}>
          {t("account.everywhereButton")}
        </Button>
      )}
    </div>
  );
}

function Security({ me }: { me: Me }): JSX.Element {
  const { t } = useT();
  const links: Link[] = [
    { href: "/me/password", icon: "key", title: "account.passwordTitle", text: "account.passwordText" },
    { href: "/me/mobile", icon: "phone", title: "account.mobileTitle", text: "account.mobileText" },
    {
      href: "/me/totp",
      icon: "shield",
      title: "account.totpTitle",
      text: me.account.totpEnabled ? "account.totpOn" : "account.totpOff",
    },
  ];
  return (
    <section class="panel section" aria-labelledby="security-title">
      <h2 id="security-title">{t("account.securityTitle")}</h2>
      <ul class="security-links">
        {links.map((link) => (
          <li key={link.href}>
            <a class="security-link" href={link.href}>
              <Icon name={link.icon} size={22} />
              <span class="card-body">
                <span class="security-title">{t(link.title)}</span>
                <span class="security-text">{t(link.text)}</span>
              </span>
              <Icon name="chevronRight" class="card-chevron" />
            </a>
          </li>
        ))}
      </ul>
      <SignOutEverywhere />
    </section>
  );
}

export function AccountPage(): JSX.Element {
  const { t } = useT();
  const { query } = useLocation();
  const [result] = useQuery({ query: MyProfileQuery, requestPolicy: "network-only" });
  const me = result.data?.me;
  useRequireMe(result.data);
  return (
    <div class="page page-narrow">
      <PageHeading title={t("account.title")} lead={me?.account.displayName} />
      {query["activated"] && (
        <Notice kind="success">
          {t("account.activated")} <a href="/me/certification">{t("account.activatedNext")}</a>
        </Notice>
      )}
      {result.fetching && !me && <Loading />}
      {result.error && <Notice kind="error">{describeError(result.error, t)}</Notice>}
      {me && (
        <>
          {me.person ? <PersonFacts me={me} /> : <StaffFacts me={me} />}
          {me.person && <Certifications me={me} />}
          <Security me={me} />
        </>
      )}
    </div>
  );
}
