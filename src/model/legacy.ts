/** What the pre-2019 matcher read (match/legacy.ts), for validate/legacy.ts: one indicator of the legacy template. */
export interface LegacyReading {
  /** `<family>.<indicator>` of the template. */
  key: string;
  value: number | null;
  raw: string;
  page: number;
  line: number;
  /** Label match score (1 for a sentence pattern). */
  score: number;
  from: "table" | "text";
  /** The 历年累计 column, when printed. */
  cumulative?: { value: number | null; raw: string };
  unitConverted: boolean;
}
