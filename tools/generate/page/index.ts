/** Generated reports as the text a web crawler keeps of a report page (`nianbao generate --kind page`). */
export { generatePageCorpus, generatePageReport, parsePageDamage, type GeneratedPage, type PageCorpusOptions, type PageGold } from "./corpus.js";
export { planPageReport, PAGE_DAMAGE_RATES, PAGE_VARIANTS, type PagePlan, type PageReportOptions, type PageStyle } from "./plan.js";
export { renderPage } from "./render.js";
export { NARRATIVE_RATES } from "./prose.js";
