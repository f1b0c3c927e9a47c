// Imports of the existing registries: the officers' quarantine (English; the keys of
// zh-CN.imports.ts).
import type zhImports from "./zh-CN.imports";

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const imports: Widen<typeof zhImports> = {
  importIssues: {
    title: "Quarantined import rows",
    lead: "Rows of the imported registries whose ID number is on file under another name. Check who is who, then accept the file's row or keep the registry's record.",
    filters: "Filters",
    status: "Status",
    anyStatus: "Any status",
    listLabel: "Quarantined rows",
    empty: "No quarantined import rows.",
    itemTitle: "Row {{row}}: {{fileName}}",
    registryName: "Name on file",
    fileName: "Name in the file",
    idNumber: "ID number",
    licenceNumber: "Licence number",
    institutionUscc: "Institution's credit code",
    kind: "From the file of",
    kinds: { doctors: "doctors", nurses: "nurses" },
    createdAt: "Imported",
    decidedAt: "Decided",
    resolve: "Accept the file's row",
    resolveHint: "The person takes the file's name and the row is imported.",
    reject: "Keep the registry's record",
    rejectHint: "The row is not imported.",
    deciding: "Deciding…",
    resolved: "The file's row was accepted",
    rejected: "The registry's record was kept",
  },
  importIssueStatus: {
    OPEN: "Open",
    RESOLVED: "File's row accepted",
    REJECTED: "Registry's record kept",
  },
};

export default imports;
