import { afterEach, describe, expect, it } from "vitest";
import { setLanguage, t } from "../../i18n";
import { mobileError, passwordError, requiredError, residentIdError, usccError } from "./messages";

const TODAY = new Date(Date.UTC(2026, 10, 25));

describe("validation messages", () => {
  afterEach(async () => setLanguage("zh-CN"));

  it("are silent for valid values", () => {
    expect(residentIdError("11010519491231002X", t, TODAY)).toBeUndefined();
    expect(usccError("91310000MA1FL8LQ1X", t)).toBeUndefined();
    expect(mobileError("13800138000", t)).toBeUndefined();
    expect(passwordError("a long enough passphrase", t, { withTotp: false })).toBeUndefined();
    expect(requiredError("x", t)).toBeUndefined();
  });

  it("explain the problem in Chinese by default, with its numbers", () => {
    expect(residentIdError("3101151995", t, TODAY)).toBe("身份证号码应为 18 位，目前是 10 位。");
    expect(residentIdError("310115199505170107", t, TODAY)).toBe("身份证号码校验位不符，请逐位核对。");
    expect(passwordError("short", t, { withTotp: false })).toBe("密码至少需要 15 个字符。");
    expect(mobileError("12345", t)).toBe("请填写 11 位中国大陆手机号码。");
  });

  it("follow the language switch", async () => {
    await setLanguage("en");
    expect(passwordError("short", t, { withTotp: true })).toBe("The password needs at least 8 characters.");
    expect(usccError("91310000MA1FL8LQ1Y", t)).toMatch(/^The check character does not match/);
  });
});
