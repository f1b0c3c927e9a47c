// Interconnection: machine clients of the registry API (zh-CN).
const interop = {
  machineClients: {
    nav: "接口客户端",
    title: "接口客户端",
    lead: "可调用 FHIR 注册数据接口、批量核验和状态订阅的外部系统与用人单位。新客户端用 medreg clients create 创建，密钥只显示一次。",
    listLabel: "接口客户端列表",
    empty: "还没有接口客户端。",
    loadFailed: "接口客户端列表加载失败，请稍后重试。",
    clientId: "客户端标识",
    scopes: "权限范围",
    scope: {
      fhir: "读取注册数据（FHIR）",
      verify: "批量核验",
      webhooks: "状态变更订阅",
      other: "其他",
    },
    rateLimit: "调用频率上限",
    createdAt: "创建时间",
    revokedAt: "吊销时间",
    active: "有效",
    revokedStatus: "已吊销",
    revoke: "吊销",
    confirmRevoke: "吊销后，它的访问令牌立即失效，且不能再申请新令牌。",
    confirmTitle: "吊销“{{name}}”？",
    cancel: "取消",
    revoking: "正在吊销…",
    revoked: "已吊销该客户端。",
  },
} as const;

export default interop;
