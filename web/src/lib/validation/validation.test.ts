import { describe, expect, it } from "vitest";
import { checkMobile, normaliseMobile } from "./mobile";
import { checkPassword, passwordMinimum } from "./password";
import { checkResidentId, residentIdCheckChar } from "./residentId";
import { checkUscc, usccCheckChar } from "./uscc";

// Vectors cross-checked with python-stdnum (stdnum.cn.ric / stdnum.cn.uscc), which the server uses.
const VALID_IDS = [
  "11010519491231002X",
  "310115199505170106",
  "310115199505170851",
  "31011519950517158X",
  "310115199505172339",
];
const VALID_USCC = [
  "91110000802100433B",
  "91310000MA1FL8LQ1X",
  "12310115000000007K",
  "123101150000009983",
  "12310115000002980P",
];
const TODAY = new Date(Date.UTC(2026, 10, 25));

describe("resident ID (GB 11643)", () => {
  it.each(VALID_IDS)("accepts %s", (id) => {
    expect(checkResidentId(id, TODAY)).toMatchObject({ ok: true, number: id });
  });

  it("accepts a lowercase x and spaces, and derives birth date and sex", () => {
    expect(checkResidentId(" 110105 19491231 002x ", TODAY)).toEqual({
      ok: true,
      number: "11010519491231002X",
      birthDate: "1949-12-31",
      sex: "FEMALE",
    });
    expect(checkResidentId("310115199505170851", TODAY)).toMatchObject({ sex: "MALE" });
  });

  it("computes the check character", () => {
    for (const id of VALID_IDS) expect(residentIdCheckChar(id.slice(0, 17))).toBe(id[17]);
  });

  it("rejects every single-digit change by the checksum", () => {
    const id = "310115199505170106";
    for (let pos = 14; pos < 17; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[pos]) continue;
        const changed = id.slice(0, pos) + d + id.slice(pos + 1);
        expect(checkResidentId(changed, TODAY)).toEqual({ ok: false, problem: "checksum" });
      }
    }
  });

  it.each([
    ["", "empty"],
    ["31011519950517010", "length"],
    ["3101151995051701066", "length"],
    ["31011519950517A106", "format"],
    ["010115199505170106", "format"],
    ["310115199502300106", "birthDate"], // 30 February
    ["310115189912310106", "birthDate"], // before 1900
    ["310115203001010106", "birthDate"], // in the future
    ["310115199505170107", "checksum"],
  ])("rejects %j as %s", (id, problem) => {
    expect(checkResidentId(id, TODAY)).toEqual({ ok: false, problem });
  });
});

describe("unified social credit code (GB 32100)", () => {
  it.each(VALID_USCC)("accepts %s", (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, code });
  });

  it("normalises case, spaces and hyphens", () => {
    expect(checkUscc("91310000-ma1fl8lq1x")).toEqual({ ok: true, code: "91310000MA1FL8LQ1X" });
  });

  it("computes the check character, including 0 for a zero remainder", () => {
    for (const code of VALID_USCC) expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it.each([
    ["", "empty"],
    ["91310000MA1FL8LQ1", "length"],
    ["9131000AMA1FL8LQ1X", "format"], // the region part is digits only
    ["91310000MA1FL8LQIX", "format"], // I is not in the alphabet
    ["91310000MA1FL8LQ1Y", "checksum"],
  ])("rejects %j as %s", (code, problem) => {
    expect(checkUscc(code)).toEqual({ ok: false, problem });
  });
});

describe("mobile", () => {
  it.each(["13800138000", "19912345678", "+86 138 0013 8000", "86-138-0013-8000"])("accepts %s", (number) => {
    expect(checkMobile(number)).toEqual({ ok: true, number: normaliseMobile(number) });
    expect(normaliseMobile(number)).toMatch(/^1\d{10}$/);
  });

  it.each([
    ["", "empty"],
    ["12800138000", "format"],
    ["1380013800", "format"],
    ["138001380001", "format"],
    ["021-63210000", "format"],
  ])("rejects %j as %s", (number, problem) => {
    expect(checkMobile(number)).toEqual({ ok: false, problem });
  });
});

describe("password length", () => {
  it("needs 8 characters with TOTP and 15 without", () => {
    expect(passwordMinimum(true)).toBe(8);
    expect(passwordMinimum(false)).toBe(15);
    expect(checkPassword("a".repeat(8), { withTotp: true })).toEqual({ ok: true });
    expect(checkPassword("a".repeat(7), { withTotp: true })).toMatchObject({ problem: "tooShort" });
    expect(checkPassword("a".repeat(14), { withTotp: false })).toMatchObject({
      problem: "tooShort",
      minimum: 15,
    });
    expect(checkPassword("a".repeat(15), { withTotp: false })).toEqual({ ok: true });
  });

  it("counts characters, not bytes", () => {
    expect(checkPassword("白衣天使守护健康", { withTotp: true })).toEqual({ ok: true });
    expect(checkPassword("白衣天使守护健", { withTotp: true })).toMatchObject({ problem: "tooShort" });
  });

  it("rejects empty, overlong and unconfirmed passwords", () => {
    expect(checkPassword("", { withTotp: true })).toMatchObject({ problem: "empty" });
    expect(checkPassword("a".repeat(257), { withTotp: true })).toMatchObject({ problem: "tooLong" });
    expect(
      checkPassword("correct horse battery", { withTotp: false, confirmation: "correct horse" }),
    ).toMatchObject({ problem: "mismatch" });
  });
});
