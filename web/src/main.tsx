import { render } from "preact";
import "./styles/global.css";
import "./styles/portal.css";
import { restoreLanguage } from "./i18n";
import { App } from "./app";

await restoreLanguage();
render(<App />, document.getElementById("app")!);
