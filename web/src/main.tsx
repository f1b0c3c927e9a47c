import { render } from "preact";
import "./styles/global.css";
import "./styles/portal.css";
import "./i18n";
import { App } from "./app";

render(<App />, document.getElementById("app")!);
