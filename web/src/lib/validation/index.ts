export * from "./mobile";
export * from "./password";
export * from "./residentId";
export * from "./uscc";
export * from "./messages";
