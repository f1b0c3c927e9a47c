import type { JSX } from "preact";
import { Provider as GraphQLProvider } from "@urql/preact";
import { ErrorBoundary, LocationProvider, Route, Router } from "preact-iso";
import { useMemo } from "preact/hooks";
import { Layout } from "./components/Layout";
import { markNavigation } from "./components/Page";
import { ToastProvider } from "./components/Toasts";
import { createGraphQLClient } from "./graphql/client";
import { NavigationBridge } from "./lib/navigation";
import { ViewerProvider } from "./lib/viewer";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ROUTES } from "./routes";

export function App(): JSX.Element {
  const client = useMemo(() => createGraphQLClient(), []);
  return (
    <GraphQLProvider value={client}>
      <LocationProvider>
        <NavigationBridge />
        <ViewerProvider>
          <ToastProvider>
            <Layout>
              <ErrorBoundary>
                <Router onRouteChange={markNavigation}>
                  {[
                    ...ROUTES.map((route) => (
                      <Route key={route.path} path={route.path} component={route.component} />
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
