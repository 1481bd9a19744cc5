export * from "./page-model.js";
export * from "./record.js";
export * from "./flags.js";
export * from "./matched.js";
export * from "./grid.js";
export * from "./items.js";
export * from "./legacy.js";
