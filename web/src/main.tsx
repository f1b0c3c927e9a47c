import { render } from "preact";
import "./styles/global.css";
import "./styles/portal.css";
import { restoreLanguage } from "./i18n";
import { App } from "./app";

await restoreLanguage();
render(<App />, document.getElementById("app")!);

// Production builds keep the app shell and the licence pages for use without a connection.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
