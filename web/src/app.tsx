import type { JSX } from "preact";
import { Provider as GraphQLProvider } from "@urql/preact";
import { ErrorBoundary, LocationProvider, Route, Router } from "preact-iso";
import { useCallback, useState } from "preact/hooks";
import { guarded } from "./components/Guard";
import { Layout } from "./components/Layout";
import { markNavigation } from "./components/Page";
import { ToastProvider } from "./components/Toasts";
import { createGraphQLClient } from "./graphql/client";
import { NavigationBridge } from "./lib/navigation";
import { ViewerProvider } from "./lib/viewer";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ROUTES } from "./routes";

// Built once: a guarded page keeps its identity across renders (and so its state).
const PAGES = ROUTES.map((route) => ({
  path: route.path,
  component: route.access ? guarded(route.component, route.access) : route.component,
}));

export function App(): JSX.Element {
  const [client, setClient] = useState(() => createGraphQLClient());
  // A new account gets a new client: nothing cached for the previous one can be shown.
  const renewClient = useCallback(() => setClient(createGraphQLClient()), []);
  return (
    <GraphQLProvider value={client}>
      <LocationProvider>
        <NavigationBridge />
        <ViewerProvider renewClient={renewClient}>
          <ToastProvider>
            <Layout>
              <ErrorBoundary>
                <Router onRouteChange={markNavigation}>
                  {[
                    ...PAGES.map((page) => (
                      <Route key={page.path} path={page.path} component={page.component} />
                    )),
                    <Route key="*" default component={NotFoundPage} />,
                  ]}
                </Router>
              </ErrorBoundary>
            </Layout>
          </ToastProvider>
        </ViewerProvider>
      </LocationProvider>
    </GraphQLProvider>
  );
}
