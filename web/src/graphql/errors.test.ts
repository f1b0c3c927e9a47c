import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import {
  describeError,
  errorFor,
  fieldErrorsOf,
  isErrorMember,
  isUnauthenticated,
  topLevelCode,
} from "./errors";

const graphQLError = (extensions: Record<string, unknown>): CombinedError =>
  new CombinedError({ graphQLErrors: [new GraphQLError("x", { extensions })] });

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
});

describe("field errors", () => {
  const member = {
    __typename: "ValidationError",
    code: "VALIDATION",
    message: "invalid",
    fields: [
      { field: "payload.idNumber", message: "not a valid resident ID number" },
      { field: "mobile", message: "not a mobile" },
      { field: "mobile", message: "second message for the same field" },
    ],
  };

  it("recognises union error members", () => {
    expect(isErrorMember(member)).toBe(true);
    expect(isErrorMember({ __typename: "Success", application: {} })).toBe(false);
    expect(isErrorMember(null)).toBe(false);
  });

  it("keys errors by path and finds them by the field's own name", () => {
    const errors = fieldErrorsOf(member);
    expect(errors["mobile"]).toBe("not a mobile");
    expect(errorFor(errors, "payload.idNumber")).toBe("not a valid resident ID number");
    expect(errorFor(errors, "idNumber")).toBe("not a valid resident ID number");
    expect(errorFor(errors, "Number")).toBeUndefined();
    expect(errorFor(errors, "name")).toBeUndefined();
  });
});
