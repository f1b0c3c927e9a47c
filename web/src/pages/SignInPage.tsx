// Sign in: practitioners with their mobile and password (and an authenticator code once they
// added one), staff with username, password and authenticator code. Afterwards the page that
// asked for sign-in (`next`) opens again. When the government single sign-on is configured
// (`/auth/oidc` answers), practitioners and linked staff may sign in there instead; its
// refusals come back as `?problem=OIDC_FAILED`, `OIDC_NOT_MATCHED` or `OIDC_THROTTLED`, and
// an account with an authenticator comes back to `?step=code` for its code.
import type { JSX } from "preact";
import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { Button, ErrorSummary, PasswordField, TextField } from "../components/Form";
import { CheckboxField, CodeField, codeProblem } from "../components/Fields";
import { Icon } from "../components/Icon";
import { Notice, PageHeading } from "../components/Page";
import { SignInMutation } from "../graphql/documents/session";
import { expectMember, useAction } from "../graphql/mutation";
import { useT } from "../i18n";
import { problems, useFormErrors, type FieldSpec } from "../lib/forms";
import { navigate, safeNext } from "../lib/navigation";
import { landingPath, useSession, viewerFrom } from "../lib/viewer";
import { mobileError, normaliseMobile, requiredError } from "../lib/validation";
import { SignOnCodeStep } from "./SignOnCodeStep";

type Kind = "practitioner" | "staff";

/** Whether the government single sign-on is on here: `/auth/oidc` answers 204 (404 when off). */
function useGovernmentSignOn(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    fetch("/auth/oidc", { credentials: "same-origin" })
      .then((response) => live && setAvailable(response.status === 204))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return available;
}

function GovernmentSignOn({ next }: { next: string | undefined }): JSX.Element {
  const { t } = useT();
  const start = next ? `/auth/oidc/start?next=${encodeURIComponent(safeNext(next))}` : "/auth/oidc/start";
  return (
    <div class="form">
      <Button kind="secondary" onClick={() => window.location.assign(start)}>
        {t("signIn.governmentSignOn")}
      </Button>
      <p class="muted">{t("signIn.governmentSignOnHint")}</p>
    </div>
  );
}

function signOnProblem(problem: string | undefined, t: ReturnType<typeof useT>["t"]): string | null {
  if (problem === "OIDC_NOT_MATCHED") return t("signIn.governmentNotMatched");
  if (problem === "OIDC_FAILED") return t("signIn.governmentFailed");
  if (problem === "OIDC_THROTTLED") return t("signIn.governmentThrottled");
  return null;
}

function KindPicker({ kind, onChange }: { kind: Kind; onChange: (kind: Kind) => void }): JSX.Element {
  const { t } = useT();
  const options: readonly { value: Kind; label: string }[] = [
    { value: "practitioner", label: t("signIn.practitioner") },
    { value: "staff", label: t("signIn.staff") },
  ];
  return (
    <fieldset class="segmented segmented-2">
      <legend class="visually-hidden">{t("signIn.who")}</legend>
      {options.map((option) => (
        <label key={option.value} class={option.value === kind ? "segment segment-on" : "segment"}>
          <input
            type="radio"
            name="kind"
            value={option.value}
            checked={option.value === kind}
            onChange={() => onChange(option.value)}
          />
          <Icon name={option.value === "staff" ? "building" : "person"} size={20} />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function SignInPage(): JSX.Element {
  const { t } = useT();
  const { query } = useLocation();
  const session = useSession();
  const [kind, setKind] = useState<Kind>(query["as"] === "staff" ? "staff" : "practitioner");
  const [identifier, setIdentifier] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [withCode, setWithCode] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useFormErrors();
  const [action, signIn] = useAction(SignInMutation, (data) => expectMember(data.signIn, "SignedIn"));
  const staff = kind === "staff";
  const askCode = staff || withCode;
  const governmentSignOn = useGovernmentSignOn();
  const signOnFailure = signOnProblem(query["problem"], t);

  const specs: FieldSpec[] = [
    { field: "identifier", label: staff ? t("signIn.username") : t("signIn.mobile") },
    { field: "password", label: t("signIn.password") },
    { field: "totpCode", label: t("signIn.totpCode") },
  ];

  const switchKind = (next: Kind): void => {
    setKind(next);
    setIdentifier("");
    setCode("");
    setFailure(null);
    form.clear();
  };

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const found = problems({
      identifier: staff ? requiredError(identifier, t) : mobileError(identifier, t),
      password: password === "" ? t("validation.passwordMissing") : undefined,
      totpCode: askCode ? codeProblem(code, t) : undefined,
    });
    if (!form.report(found, specs)) return;
    const outcome = await signIn(
      {
        input: {
          identifier: staff ? identifier.trim() : normaliseMobile(identifier),
          password,
          totpCode: askCode ? code : null,
        },
      },
      {
        progress: t("signIn.signingIn"),
        success: null,
        failures: {
          SIGN_IN_FAILED: staff ? t("signIn.failedStaff") : t("signIn.failed"),
        },
        // The answer stays above the form; a toast would say it twice.
        shownByPage: ["ValidationError", "InvalidState", "RateLimited"],
      },
    );
    if (outcome.ok) {
      session.signedIn(outcome.value.me);
      const next = query["next"] ? safeNext(query["next"]) : landingPath(viewerFrom(outcome.value.me));
      navigate(next, true);
      return;
    }
    // One sentence for a wrong identifier, password or code: it tells nothing to a guesser.
    setFailure(outcome.message);
    setCode("");
    form.clear();
  };

  if (query["step"] === "code") {
    return (
      <div class="page page-narrow">
        <PageHeading title={t("signIn.title")} lead={t("signIn.lead")} />
        <SignOnCodeStep next={query["next"]} />
      </div>
    );
  }

  return (
    <div class="page page-narrow">
      <PageHeading title={t("signIn.title")} lead={t("signIn.lead")} />
      {query["next"] && !session.viewer.signedIn && <Notice>{t("signIn.required")}</Notice>}
      {session.viewer.signedIn && (
        <Notice>
          {t("signIn.already", { name: session.viewer.displayName ?? "" })}{" "}
          <a href={landingPath(session.viewer)}>{t("signIn.continue")}</a>
        </Notice>
      )}
      <div class="panel">
        <KindPicker kind={kind} onChange={switchKind} />
        <ErrorSummary items={form.summary} />
        {failure && <Notice kind="error">{failure}</Notice>}
        {!failure && signOnFailure && <Notice kind="error">{signOnFailure}</Notice>}
        {governmentSignOn && <GovernmentSignOn next={query["next"]} />}
        <form class="form" noValidate onSubmit={(event) => void submit(event)}>
          {staff ? (
            <TextField
              name="identifier"
              label={t("signIn.username")}
              value={identifier}
              onValue={setIdentifier}
              error={form.error("identifier")}
              required
              autoComplete="username"
              autoCapitalize="none"
              spellcheck={false}
            />
          ) : (
            <TextField
              name="identifier"
              label={t("signIn.mobile")}
              value={identifier}
              onValue={setIdentifier}
              error={form.error("identifier")}
              required
              type="tel"
              inputMode="tel"
              autoComplete="username"
            />
          )}
          <PasswordField
            name="password"
            label={t("signIn.password")}
            value={password}
            onValue={setPassword}
            error={form.error("password")}
            required
            autoComplete="current-password"
          />
          {!staff && (
            <CheckboxField
              name="withCode"
              label={t("signIn.haveAuthenticator")}
              hint={t("signIn.haveAuthenticatorHint")}
              checked={withCode}
              onChecked={setWithCode}
            />
          )}
          {askCode && (
            <CodeField
              name="totpCode"
              label={t("signIn.totpCode")}
              hint={t("signIn.totpHint")}
              value={code}
              onValue={setCode}
              error={form.error("totpCode")}
            />
          )}
          <Button type="submit" busy={action.busy} busyLabel={t("signIn.signingIn")}>
            {t("signIn.submit")}
          </Button>
        </form>
        <ul class="link-list">
          {staff ? (
            <>
              <li>
                <a href="/staff/activate">{t("signIn.staffActivate")}</a>
              </li>
              <li class="muted">{t("signIn.staffRecovery")}</li>
            </>
          ) : (
            <>
              <li>
                <a href="/activate">{t("signIn.activate")}</a>
              </li>
              <li>
                <a href="/reset-password">{t("signIn.forgot")}</a>
              </li>
            </>
          )}
        </ul>
      </div>
    </div>
  );
}
