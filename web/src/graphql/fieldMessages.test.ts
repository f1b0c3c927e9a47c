import { afterEach, describe, expect, it } from "vitest";
import { setLanguage, t } from "../i18n";
import { describeErrorMember } from "./errors";
import { knownServerMessage, localiseFieldMessage } from "./fieldMessages";

// The sentences are those of identity/ and registry/validation.py on the server.
describe("server messages", () => {
  afterEach(async () => setLanguage("zh-CN"));

  it("are shown in Chinese, with their numbers", () => {
    expect(localiseFieldMessage("the code is not correct (3 tries left)", t)).toBe(
      "验证码不正确，还可以再试 3 次。",
    );
    expect(
      localiseFieldMessage("must be at least 15 characters (the password is your only sign-in factor)", t),
    ).toBe("至少需要 15 个字符。");
    expect(localiseFieldMessage("the identifier, password or code is not correct", t)).toBe(
      "账号、密码或动态验证码不正确。",
    );
    expect(localiseFieldMessage("not a valid mainland China mobile number", t)).toBe(
      "请填写有效的中国大陆手机号码。",
    );
    expect(localiseFieldMessage("is too common or too easy to guess; choose another", t)).toBe(
      "这个密码太常见或太容易猜到，请换一个。",
    );
  });

  it("follow the language switch and its plural rules", async () => {
    await setLanguage("en");
    expect(localiseFieldMessage("the code is not correct (1 try left)", t)).toBe(
      "The code is not correct; 1 try left.",
    );
    expect(localiseFieldMessage("the code is not correct (2 tries left)", t)).toBe(
      "The code is not correct; 2 tries left.",
    );
  });

  it("leave unknown sentences as they are", () => {
    expect(knownServerMessage("something new", t)).toBeUndefined();
    expect(localiseFieldMessage("something new", t)).toBe("something new");
  });

  it("make error members more precise than their code", () => {
    expect(describeErrorMember({ code: "CONFLICT", message: "the username ops.li is taken" }, t)).toBe(
      "用户名 ops.li 已被使用，请换一个。",
    );
    expect(
      describeErrorMember(
        { code: "INVALID_STATE", message: "This code can no longer be used; request a new one." },
        t,
      ),
    ).toContain("验证码已失效");
    expect(describeErrorMember({ code: "CONFLICT", message: "unheard of" }, t)).toBe(t("errors.CONFLICT"));
  });
});
