/**
 * The year a report covers, from three independent places: its title, its text and its file name.
 * Archives mislabel files (a 2022 report saved as `…2023.txt`) and reports copy last year's title,
 * so the sources are kept apart and a disagreement is reported rather than silently resolved.
 */
export interface YearEvidence {
  /** From the title line (…2023年政府信息公开工作年度报告). */
  title: number | null;
  /** The year the body text names most often (统计期限, 2023年，我区…). */
  text: number | null;
  /** A plausible year in the file name (`huaian_2023.txt`, `2023年报.pdf`). */
  file: number | null;
}

export interface ChosenYear {
  year: number | null;
  source: "title" | "text" | "file" | null;
  /** The sources that name a year disagree. */
  conflict: boolean;
}

const YEAR_IN_TEXT = /(20[0-4]\d|199\d)\s*年/g;
// Not inside a longer run of letters or digits: `syn00012_5e2019ab` names no year.
const YEAR_IN_NAME = /(?:^|[^0-9A-Za-z])(20[0-4]\d|199\d)(?=[^0-9A-Za-z]|$)/;

export function yearFromTitle(title: string | null): number | null {
  const m = title ? /(20[0-4]\d|199\d)\s*年/.exec(title.normalize("NFKC")) : null;
  return m ? Number(m[1]) : null;
}

/** The most frequent `YYYY年` of the text; ties go to the later year (a report also cites the year before). */
export function yearFromText(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.normalize("NFKC").matchAll(YEAR_IN_TEXT)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  let best: [number, number] | null = null;
  for (const [y, n] of counts) if (!best || n > best[1] || (n === best[1] && y > best[0])) best = [y, n];
  return best ? best[0] : null;
}

export function yearFromFileName(name: string): number | null {
  const m = YEAR_IN_NAME.exec(name.normalize("NFKC"));
  return m ? Number(m[1]) : null;
}

/** Title first (the report names itself), then text, then file name; any two that differ conflict. */
export function chooseYear(e: YearEvidence): ChosenYear {
  const named = [e.title, e.text, e.file].filter((y): y is number => y !== null);
  const conflict = new Set(named).size > 1;
  if (e.title !== null) return { year: e.title, source: "title", conflict };
  if (e.text !== null) return { year: e.text, source: "text", conflict };
  if (e.file !== null) return { year: e.file, source: "file", conflict };
  return { year: null, source: null, conflict };
}
