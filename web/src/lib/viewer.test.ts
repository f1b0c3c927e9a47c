import { describe, expect, it } from "vitest";
import { audiencesOf } from "./viewer";

describe("audiencesOf", () => {
  it("maps role grants to portal sections", () => {
    expect(audiencesOf([])).toEqual(["public"]);
    expect(audiencesOf(["PRACTITIONER"])).toEqual(["public", "practitioner"]);
    expect(audiencesOf(["INSTITUTION_OPERATOR", "INSTITUTION_ADMIN"])).toEqual(["public", "institution"]);
    expect(audiencesOf(["AUTHORITY_OFFICER"])).toEqual(["public", "officer"]);
    expect(audiencesOf(["PRACTITIONER", "AUTHORITY_ADMIN"])).toEqual(["public", "practitioner", "officer"]);
  });
});
