import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import type { ErrorMember } from "./errors";
import { expectMember, interpretResult } from "./mutation";

interface Data {
  startActivation: { __typename: "ActivationStarted"; activationId: string } | ErrorMember;
}
const pick = (data: Data) => data.startActivation;

describe("interpretResult", () => {
  it("returns the success member", () => {
    const data: Data = { startActivation: { __typename: "ActivationStarted", activationId: "a1" } };
    expect(interpretResult({ data, error: undefined }, pick, t)).toEqual({
      ok: true,
      value: { __typename: "ActivationStarted", activationId: "a1" },
    });
  });

  it("turns a ValidationError member into field errors and a message localised by code", () => {
    const data: Data = {
      startActivation: {
        __typename: "ValidationError",
        code: "VALIDATION",
        message: "invalid input",
        reason: "ID_CHECKSUM",
        params: [],
        fields: [
          {
            field: "input.idNumber",
            message: "not a valid resident ID number",
            code: "ID_CHECKSUM",
            params: [],
          },
          { field: "input.hobby", message: "a sentence this client has never seen", code: "NEW", params: [] },
        ],
      },
    };
    const outcome = interpretResult({ data, error: undefined }, pick, t);
    expect(outcome).toMatchObject({
      ok: false,
      message: t("errors.VALIDATION"),
      fieldErrors: {
        "input.idNumber": "身份证号码校验位不符，请逐位核对。",
        "input.hobby": t("errors.field"),
      },
    });
  });

  it("uses retryAfterSeconds for RateLimited", () => {
    const data: Data = {
      startActivation: {
        code: "RATE_LIMITED",
        message: "slow down",
        reason: "RATE_LIMITED",
        retryAfterSeconds: 42,
      },
    };
    const outcome = interpretResult({ data, error: undefined }, pick, t);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain("42");
  });

  it("reports transport errors without field errors", () => {
    const error = new CombinedError({ networkError: new Error("offline") });
    expect(interpretResult<Data, unknown>({ data: undefined, error }, pick, t)).toEqual({
      ok: false,
      message: t("errors.network"),
      fieldErrors: {},
      member: null,
    });
  });
});

describe("expectMember", () => {
  type Union =
    | { __typename: "CodeSent"; codeId: string }
    | { __typename: "ValidationError"; code: string; message: string }
    | { __typename: "NotFound" };

  it("passes the named member and error members through", () => {
    const sent: Union = { __typename: "CodeSent", codeId: "c1" };
    expect(expectMember(sent, "CodeSent")).toBe(sent);
    const invalid: Union = { __typename: "ValidationError", code: "VALIDATION", message: "x" };
    expect(expectMember(invalid, "CodeSent")).toBe(invalid);
  });

  it("turns any other member into an error, never a success", () => {
    const other: Union = { __typename: "NotFound" };
    expect(expectMember(other, "CodeSent")).toMatchObject({ code: "UNEXPECTED" });
  });
});
