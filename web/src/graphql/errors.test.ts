import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage, t } from "../i18n";
import {
  describeError,
  describeErrorMember,
  describeFirstProblem,
  errorFor,
  fieldErrorsOf,
  isErrorMember,
  isUnauthenticated,
  paramsOf,
  topLevelCode,
  type ErrorMember,
} from "./errors";

const graphQLError = (extensions: Record<string, unknown>): CombinedError =>
  new CombinedError({ graphQLErrors: [new GraphQLError("an English sentence", { extensions })] });

afterEach(async () => setLanguage("zh-CN"));

describe("top-level errors", () => {
  it("reads extensions.code", () => {
    expect(topLevelCode(graphQLError({ code: "FORBIDDEN" }))).toBe("FORBIDDEN");
    expect(isUnauthenticated(graphQLError({ code: "UNAUTHENTICATED" }))).toBe(true);
    expect(isUnauthenticated(graphQLError({}))).toBe(false);
    expect(isUnauthenticated(undefined)).toBe(false);
  });

  it("describes network failures, known codes and masked errors with their request id", () => {
    expect(describeError(new CombinedError({ networkError: new Error("offline") }), t)).toBe(
      t("errors.network"),
    );
    expect(describeError(graphQLError({ code: "FORBIDDEN" }), t)).toBe(t("errors.FORBIDDEN"));
    expect(describeError(graphQLError({ code: "INTERNAL", requestId: "abc123" }), t)).toContain("abc123");
  });

  it("says the reason of a query error, with its params", () => {
    const error = graphQLError({
      code: "VALIDATION",
      reason: "OUT_OF_RANGE",
      params: { minimum: 1, maximum: 100 },
    });
    expect(describeError(error, t)).toBe("请填写 1 至 100 之间的数。");
    const unknown = graphQLError({ code: "CONFLICT", reason: "SOMETHING_NEW", params: {} });
    expect(describeError(unknown, t)).toBe(t("errors.CONFLICT"));
  });
});

describe("error members", () => {
  it("are recognised", () => {
    expect(isErrorMember({ code: "CONFLICT", message: "x", reason: "CONFLICT", params: [] })).toBe(true);
    expect(isErrorMember({ __typename: "Success", application: {} })).toBe(false);
    expect(isErrorMember(null)).toBe(false);
  });

  it("are described by their reason and params, in the reader's language", async () => {
    const taken: ErrorMember = {
      code: "CONFLICT",
      message: "the username ops.li is taken",
      reason: "USERNAME_TAKEN",
      params: [{ name: "username", value: "ops.li" }],
    };
    expect(describeErrorMember(taken, t)).toBe("用户名 ops.li 已被使用，请换一个。");
    await setLanguage("en");
    expect(describeErrorMember(taken, t)).toBe("The username ops.li is taken; choose another.");
  });

  it("fall back to the sentence of their kind, never the server's English", () => {
    const member = {
      code: "INVALID_STATE",
      message: "a sentence never seen",
      reason: "NEW_CODE",
      params: [],
    };
    expect(describeErrorMember(member, t)).toBe(t("errors.INVALID_STATE"));
    expect(describeErrorMember({ code: "WHATEVER", message: "server English" }, t)).toBe(
      t("errors.unexpected"),
    );
  });

  it("wait as long as the server says", () => {
    const limited = {
      code: "RATE_LIMITED",
      message: "slow down",
      reason: "CODE_RESEND_WAIT",
      params: [{ name: "seconds", value: "42" }],
      retryAfterSeconds: 42,
    };
    expect(describeErrorMember(limited, t)).toBe("验证码刚刚发出，请 42 秒后再试。");
    expect(describeErrorMember({ code: "RATE_LIMITED", message: "x", retryAfterSeconds: 7 }, t)).toContain(
      "7",
    );
  });

  it("nest catalogue values named by their params", async () => {
    const missing = {
      code: "VALIDATION",
      message: "x",
      fields: [
        {
          field: "attachments",
          code: "ATTACHMENT_MISSING",
          params: [{ name: "kind", value: "HEALTH_CERTIFICATE" }],
        },
      ],
    };
    expect(describeFirstProblem(missing, t)).toBe("请上传健康体检证明。");
    await setLanguage("en");
    expect(describeFirstProblem(missing, t)).toBe("Missing document: Health certificate.");
  });
});

describe("field errors", () => {
  const member: ErrorMember = {
    __typename: "ValidationError",
    code: "VALIDATION",
    message: "invalid",
    reason: "ID_CHECKSUM",
    params: [],
    fields: [
      {
        field: "payload.idNumber",
        message: "not a valid resident ID number",
        code: "ID_CHECKSUM",
        params: [],
      },
      { field: "mobile", message: "not a mobile", code: "MOBILE_NOT_MAINLAND", params: [] },
      { field: "mobile", message: "second", code: "REQUIRED", params: [] },
      { field: "note", message: "new to this client", code: "BRAND_NEW", params: [] },
      { field: "reason", message: "too long", code: "TOO_LONG", params: [{ name: "maximum", value: "500" }] },
    ],
  };

  it("are localised by code, keyed by path and found by the field's own name", () => {
    const errors = fieldErrorsOf(member, t);
    expect(errors["mobile"]).toBe("请填写中国大陆手机号码。");
    expect(errorFor(errors, "payload.idNumber")).toBe("身份证号码校验位不符，请逐位核对。");
    expect(errorFor(errors, "idNumber")).toBe("身份证号码校验位不符，请逐位核对。");
    expect(errors["note"]).toBe(t("errors.field"));
    expect(errors["reason"]).toBe("最多 500 个字符。");
    expect(errorFor(errors, "Number")).toBeUndefined();
    expect(errorFor(errors, "name")).toBeUndefined();
  });

  it("leave the member's own sentence general", () => {
    expect(describeErrorMember(member, t)).toBe(t("errors.VALIDATION"));
    expect(describeFirstProblem(member, t)).toBe("身份证号码校验位不符，请逐位核对。");
  });

  it("take params as a list or as an object", () => {
    expect(paramsOf([{ name: "maxMb", value: "10" }])).toEqual({ maxMb: "10" });
    expect(paramsOf({ maxMb: 10 })).toEqual({ maxMb: "10" });
    expect(paramsOf(undefined)).toEqual({});
  });
});
