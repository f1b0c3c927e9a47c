import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import type { ErrorMember } from "./errors";
import { interpretResult } from "./mutation";

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

  it("turns a ValidationError member into field errors and a localised message", () => {
    const data: Data = {
      startActivation: {
        __typename: "ValidationError",
        code: "VALIDATION",
        message: "invalid input",
        fields: [{ field: "input.idNumber", message: "not a valid resident ID number" }],
      },
    };
    const outcome = interpretResult({ data, error: undefined }, pick, t);
    expect(outcome).toMatchObject({
      ok: false,
      message: t("errors.VALIDATION"),
      fieldErrors: { "input.idNumber": "not a valid resident ID number" },
    });
  });

  it("uses retryAfterSeconds for RateLimited", () => {
    const data: Data = {
      startActivation: { code: "RATE_LIMITED", message: "slow down", retryAfterSeconds: 42 },
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
