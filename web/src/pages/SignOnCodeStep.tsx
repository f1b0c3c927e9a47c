// The authenticator step after the government single sign-on: the identity provider vouched
// for the holder, and the account (staff; practitioners who added an authenticator) also needs
// the code its app shows. The pending sign-on lives in an HttpOnly cookie; the code completes
// it, then the page that asked for sign-in (`next`) opens.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Button } from "../components/Form";
import { CodeField, codeProblem } from "../components/Fields";
import { Notice } from "../components/Page";
import { CompleteSignOnMutation } from "../graphql/documents/session";
import { expectMember, useAction } from "../graphql/mutation";
import { useT } from "../i18n";
import { navigate, safeNext } from "../lib/navigation";
import { landingPath, useSession, viewerFrom } from "../lib/viewer";

export function SignOnCodeStep({ next }: { next: string | undefined }): JSX.Element {
  const { t } = useT();
  const session = useSession();
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [action, complete] = useAction(CompleteSignOnMutation, (data) =>
    expectMember(data.completeSignOn, "SignedIn"),
  );

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const problem = codeProblem(code, t);
    setFieldError(problem);
    if (problem) return;
    const outcome = await complete(
      { input: { totpCode: code } },
      {
        progress: t("signIn.signingIn"),
        success: null,
        failures: { SIGN_IN_FAILED: t("signIn.signOnCodeFailed") },
        shownByPage: ["ValidationError", "InvalidState", "RateLimited"],
      },
    );
    if (outcome.ok) {
      session.signedIn(outcome.value.me);
      navigate(next ? safeNext(next) : landingPath(viewerFrom(outcome.value.me)), true);
      return;
    }
    setExpired(outcome.member?.reason === "SIGN_ON_EXPIRED");
    setFailure(outcome.message);
    setCode("");
  };

  const restart = next ? `/auth/oidc/start?next=${encodeURIComponent(safeNext(next))}` : "/auth/oidc/start";
  return (
    <div class="panel">
      <h2>{t("signIn.signOnCodeTitle")}</h2>
      <p>{t("signIn.signOnCodeLead")}</p>
      {failure && <Notice kind="error">{failure}</Notice>}
      {!expired && (
        <form class="form" noValidate onSubmit={(event) => void submit(event)}>
          <CodeField
            name="totpCode"
            label={t("signIn.totpCode")}
            hint={t("signIn.totpHint")}
            value={code}
            onValue={setCode}
            error={fieldError}
          />
          <Button type="submit" busy={action.busy} busyLabel={t("signIn.signingIn")}>
            {t("signIn.signOnCodeSubmit")}
          </Button>
        </form>
      )}
      <ul class="link-list">
        <li>
          <a href={restart}>{t("signIn.signOnRestart")}</a>
        </li>
        <li>
          <a href="/sign-in">{t("signIn.signOnWithPassword")}</a>
        </li>
      </ul>
    </div>
  );
}
