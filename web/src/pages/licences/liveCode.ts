// The QR of the licence shown full screen names a share of a few minutes, renewed every minute
// while the screen stays open: a photo of it soon stops working. Without a connection the
// licence's own verify code (from the last fetch) is shown instead.
import { useClient } from "@urql/preact";
import { useEffect, useState } from "preact/hooks";
import { LicenceLiveCodeMutation } from "../../graphql/documents/licences";

const RENEW_MS = 60_000;

export interface LiveCode {
  url: string;
  expiresAt: string;
}

/** The current live code of licence `number`; null until the first arrives or while offline. */
export function useLiveCode(number: string, enabled: boolean): LiveCode | null {
  const client = useClient();
  const [code, setCode] = useState<LiveCode | null>(null);
  useEffect(() => {
    if (!enabled) return undefined;
    let stopped = false;
    const renew = async (): Promise<void> => {
      const result = await client
        .mutation(LicenceLiveCodeMutation, { number }, { requestPolicy: "network-only" })
        .toPromise();
      const answer = result.data?.licenceLiveCode;
      if (stopped) return;
      if (answer?.__typename === "LicenceShareSuccess" && answer.share.url) {
        setCode({ url: answer.share.url, expiresAt: answer.share.expiresAt as string });
      } else {
        // A code past its time must not stay on screen as if it still worked.
        setCode((old) => (old && new Date(old.expiresAt) > new Date() ? old : null));
      }
    };
    void renew();
    const timer = setInterval(() => {
      if (document.visibilityState !== "hidden") void renew();
    }, RENEW_MS);
    // Back in view after a while: the code shown may have run out meanwhile.
    const onVisible = (): void => {
      if (document.visibilityState === "visible") void renew();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [client, number, enabled]);
  return code;
}
