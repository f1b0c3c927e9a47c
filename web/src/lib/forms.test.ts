import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import { usernameProblem } from "../components/NewStaffForm";
import { groupedSecret } from "../components/TotpEnrol";
import { problems, summaryOf } from "./forms";

describe("form problems", () => {
  it("keep only the fields that have one", () => {
    expect(problems({ name: undefined, mobile: "bad" })).toEqual({ mobile: "bad" });
  });

  it("are summarised in the order of the form, linked to their controls", () => {
    const specs = [
      { field: "name", label: "姓名" },
      { field: "reason", label: "原因", input: "decline-7-reason" },
    ];
    const items = summaryOf({ "input.reason": "请填写原因。", name: "请填写此项。", other: "x" }, specs, t);
    expect(items).toEqual([
      { name: "name", message: "姓名：请填写此项。" },
      { name: "decline-7-reason", message: "原因：请填写原因。" },
      { name: "other", message: "x" },
    ]);
  });
});

describe("field checks of the identity pages", () => {
  it("accept usernames as the server does", () => {
    expect(usernameProblem("ops.li", t)).toBeUndefined();
    expect(usernameProblem("Ops.Li", t)).toBeUndefined();
    expect(usernameProblem("13800138000", t)).toBe(t("problems.USERNAME_FORMAT"));
    expect(usernameProblem("ab", t)).toBe(t("problems.USERNAME_FORMAT"));
    expect(usernameProblem("-ops", t)).toBe(t("problems.USERNAME_FORMAT"));
  });

  it("show an authenticator key in groups of four", () => {
    expect(groupedSecret("JBSWY3DPEHPK3PXPJBSW")).toBe("JBSW Y3DP EHPK 3PXP JBSW");
  });
});
