import { describe, expect, it } from "vitest";
import { t } from "../i18n";
import { attachmentIds, formInput, formProblems, valuesOf, type Item } from "./applicationForm";

const ITEM = {
  code: "INSTITUTION_CHANGE_REGISTRATION",
  fields: [
    {
      name: "institutionId",
      kind: "INSTITUTION",
      required: true,
      labelZh: "机构",
      labelEn: "I",
      choices: [],
    },
    { name: "beds", kind: "INTEGER", required: true, labelZh: "床位数", labelEn: "Beds", choices: [] },
    { name: "subjects", kind: "SUBJECTS", required: false, labelZh: "诊疗科目", labelEn: "S", choices: [] },
    { name: "education", kind: "EDUCATION", required: false, labelZh: "学历", labelEn: "E", choices: [] },
  ],
  attachments: ["STAFF_LIST"],
} as unknown as Item;

describe("the application form", () => {
  it("names each missing or malformed answer and material", () => {
    expect(formProblems(ITEM, { beds: "十二" }, {}, t)).toEqual({
      institutionId: t("validation.required"),
      beds: t("problems.NOT_A_NUMBER"),
      "attachment-STAFF_LIST": t("apps.attachmentRequired"),
    });
  });

  it("types the answers as the server takes them", () => {
    expect(
      formInput(ITEM, { institutionId: "SW5z", beds: " 120 ", subjects: "内科、外科， 儿科", education: "" }),
    ).toEqual({
      institutionId: "SW5z",
      beds: 120,
      subjects: ["内科", "外科", "儿科"],
    });
  });

  it("reads a saved application back into the form", () => {
    const form = {
      beds: 120,
      subjects: ["内科", "外科"],
      institution: { id: "SW5z", name: "医院", nameEn: null },
    };
    expect(valuesOf(ITEM, form as never)).toEqual({
      institutionId: "SW5z",
      beds: "120",
      subjects: "内科、外科",
    });
  });

  it("sends the ids of the materials still chosen", () => {
    const file = { id: "QXR0", filename: "a.pdf", size: 1, contentType: "application/pdf", preview: null };
    expect(attachmentIds({ STAFF_LIST: file, OTHER: null })).toEqual(["QXR0"]);
  });
});
