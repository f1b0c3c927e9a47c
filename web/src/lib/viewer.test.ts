import { describe, expect, it } from "vitest";
import type { ViewerFieldsFragment } from "../gql/graphql";
import { audiencesOf, landingPath, PUBLIC_VIEWER, viewerFrom } from "./viewer";

describe("audiencesOf", () => {
  it("maps role grants to portal sections", () => {
    expect(audiencesOf([])).toEqual(["public"]);
    expect(audiencesOf(["PRACTITIONER"])).toEqual(["public", "practitioner"]);
    expect(audiencesOf(["INSTITUTION_OPERATOR", "INSTITUTION_ADMIN"])).toEqual(["public", "institution"]);
    expect(audiencesOf(["AUTHORITY_OFFICER"])).toEqual(["public", "officer"]);
    expect(audiencesOf(["PRACTITIONER", "AUTHORITY_ADMIN"])).toEqual(["public", "practitioner", "officer"]);
  });
});

const operator: ViewerFieldsFragment = {
  account: {
    id: "QWNjb3VudDox",
    kind: "INSTITUTION",
    status: "ACTIVE",
    username: "ops.li",
    displayName: "李经办",
    mobileMasked: "138****0001",
    totpEnabled: true,
    grants: [
      {
        role: "INSTITUTION_OPERATOR",
        authorityCode: null,
        institution: { id: "SW5zdDox", name: "浦东医院", nameEn: null },
      },
    ],
  },
};

describe("viewerFrom", () => {
  it("is the public viewer without an account", () => {
    expect(viewerFrom(null)).toBe(PUBLIC_VIEWER);
  });

  it("reads roles, scope and where the account starts", () => {
    const viewer = viewerFrom(operator);
    expect(viewer).toMatchObject({
      signedIn: true,
      displayName: "李经办",
      roles: ["INSTITUTION_OPERATOR"],
      audiences: ["public", "institution"],
      institution: { id: "SW5zdDox", name: "浦东医院" },
      authorityCode: null,
    });
    expect(landingPath(viewer)).toBe("/home");
    expect(landingPath({ ...viewer, roles: ["PRACTITIONER"] })).toBe("/home");
    expect(landingPath({ ...viewer, roles: ["AUTHORITY_OFFICER"] })).toBe("/authority/workbench");
  });
});
