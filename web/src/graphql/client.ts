// One urql client: JSON POSTs to /graphql on this origin with the session cookie; an expired
// or missing session sends the user to sign in and back to where they were.
import { Client, cacheExchange, fetchExchange, mapExchange } from "@urql/core";
import { currentUrl, navigate, signInUrl } from "../lib/navigation";
import { isUnauthenticated } from "./errors";

export type UnauthenticatedHandler = () => void;

/** Dispatched on window when the server no longer knows the session (the viewer resets). */
export const SESSION_ENDED_EVENT = "medreg:session-ended";

export function redirectToSignIn(): void {
  const here = currentUrl();
  if (typeof window !== "undefined") window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
  if (!here.startsWith("/sign-in")) navigate(signInUrl(here));
}

export function createGraphQLClient(onUnauthenticated: UnauthenticatedHandler = redirectToSignIn): Client {
  return new Client({
    url: "/graphql",
    // The server refuses GET: every operation is a POST with a JSON body.
    preferGetMethod: false,
    fetchOptions: { credentials: "same-origin", headers: { accept: "application/json" } },
    requestPolicy: "cache-first",
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      fetchExchange,
    ],
  });
}
