import { describe, expect, it } from "vitest";
import { normaliseLicenceNumber, shareTokenFromScan, tokenFromScan } from "./licenceToken";

const TOKEN = "eyJhbGciOiJFUzI1NiIsImtpZCI6IjMxMDExNSJ9.eyJuIjoiSFMzMTAxMTUifQ.c2lnbmF0dXJlLWJ5dGVz";
const SHORT = `310115-1a2b3c4d.HS310115-2026-000001.1.${"Ab_-".repeat(21)}xy`;

describe("tokenFromScan", () => {
  it("reads the token from a verification URL", () => {
    expect(tokenFromScan(`https://medreg.example.gov.cn/v/${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromScan(`http://127.0.0.1:8000/v/${TOKEN}/`)).toBe(TOKEN);
    expect(tokenFromScan(`https://example.gov.cn/portal/v/${TOKEN}`)).toBe(TOKEN);
  });

  it("reads the short token licences print now", () => {
    expect(tokenFromScan(`https://medreg.example.gov.cn/v/${SHORT}`)).toBe(SHORT);
    expect(tokenFromScan(SHORT)).toBe(SHORT);
    expect(tokenFromScan(`https://medreg.example.gov.cn/v/${SHORT.slice(0, -1)}`)).toBeNull();
  });

  it("accepts a bare token and a ?token= link", () => {
    expect(tokenFromScan(`  ${TOKEN}\n`)).toBe(TOKEN);
    expect(tokenFromScan(`https://example.gov.cn/verify?token=${TOKEN}`)).toBe(TOKEN);
  });

  it("rejects codes that are not licence tokens", () => {
    expect(tokenFromScan("https://example.com/")).toBeNull();
    expect(tokenFromScan("https://example.com/v/not-a-token")).toBeNull();
    expect(tokenFromScan("javascript:alert(1)")).toBeNull();
    expect(tokenFromScan("WIFI:S:clinic;T:WPA;P:secret;;")).toBeNull();
    expect(tokenFromScan("")).toBeNull();
  });
});

describe("shareTokenFromScan", () => {
  const share = `310115-0a1b2c3d.${"ab".repeat(16)}.1796000000.${"S".repeat(86)}`;

  it("reads the token of a share link", () => {
    expect(shareTokenFromScan(`https://medreg.example/s/${share}`)).toBe(share);
  });

  it("rejects licence links and other text", () => {
    expect(shareTokenFromScan(`https://medreg.example/v/${share}`)).toBeNull();
    expect(shareTokenFromScan(`https://medreg.example/s/not-a-token`)).toBeNull();
    expect(shareTokenFromScan(share)).toBeNull();
    expect(shareTokenFromScan("javascript:alert(1)")).toBeNull();
  });
});

describe("normaliseLicenceNumber", () => {
  it("writes a typed number the way licences print it", () => {
    expect(normaliseLicenceNumber(" hs310115-2026-000042 ")).toBe("HS310115-2026-000042");
    expect(normaliseLicenceNumber("HS3101152026000042")).toBe("HS310115-2026-000042");
    expect(normaliseLicenceNumber("hs 310115 2026 000042")).toBe("HS310115-2026-000042");
  });

  it("leaves other numbers as typed, upper-cased", () => {
    expect(normaliseLicenceNumber(" pdy310115000004 ")).toBe("PDY310115000004");
  });
});
