// Imports of the existing registries: the officers' quarantine (zh-CN).
const imports = {
  importIssues: {
    title: "导入待审核记录",
    lead: "导入原有注册数据时，同一身份证号与系统记录姓名不一致的行已隔离。请核实后采用文件记录或保留系统记录。",
    filters: "筛选条件",
    status: "处理状态",
    anyStatus: "全部状态",
    listLabel: "待审核记录",
    empty: "没有待审核的导入记录。",
    itemTitle: "第 {{row}} 行：{{fileName}}",
    registryName: "系统记录姓名",
    fileName: "文件中的姓名",
    idNumber: "身份证号",
    licenceNumber: "执业证书编号",
    institutionUscc: "执业机构统一社会信用代码",
    kind: "来源文件",
    kinds: { doctors: "医师", nurses: "护士" },
    createdAt: "导入时间",
    decidedAt: "处理时间",
    resolve: "采用文件记录",
    resolveHint: "人员姓名改为文件中的姓名，并导入该行。",
    reject: "保留系统记录",
    rejectHint: "不导入该行。",
    deciding: "正在处理…",
    resolved: "已采用文件记录",
    rejected: "已保留系统记录",
  },
  importIssueStatus: {
    OPEN: "待处理",
    RESOLVED: "已采用文件记录",
    REJECTED: "已保留系统记录",
  },
};

export default imports;
