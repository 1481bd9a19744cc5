/**
 * Values of a generated pre-2019 report that satisfy the sums the statistics forms imply, for one
 * of two forms (TEMPLATES.md §5.2–5.3): the 2014 national form (channels 当面/传真/网络/信函, denial
 * reasons, 机构人员经费, 会议培训) or an older local form (six channels, 历年累计 column).
 */
import type { Rng } from "../rng.js";

export type LegacyForm = "national2014" | "local";

/** Split total into n non-negative parts, most of it in the first ones. */
function split(rng: Rng, total: number, n: number): number[] {
  const parts = Array<number>(n).fill(0);
  for (let i = 0; i < total; i++) parts[Math.min(n - 1, Math.floor(rng.next() ** 2 * n))]!++;
  return rng.shuffle(parts);
}

export function legacyValues(rng: Rng, form: LegacyForm): Map<string, number> {
  const v = new Map<string, number>();
  const set = (keys: readonly string[], values: readonly number[]): void => keys.forEach((k, i) => v.set(k, values[i]!));
  v.set("proactive.total", rng.int(40, 6000));
  v.set("proactive.website", Math.round(v.get("proactive.total")! * (0.5 + rng.next() * 0.5)));
  v.set("proactive.gazette", rng.int(0, 60));
  const received = rng.chance(0.2) ? 0 : rng.int(1, 120);
  v.set("requests.received", received);
  const responsesParts = form === "national2014"
    ? ["responses.already_public", "responses.granted", "responses.partially_granted", "responses.denied", "responses.not_held", "responses.not_exist", "responses.correction", "responses.other_channel"]
    : ["responses.granted", "responses.partially_granted", "responses.denied"];
  const responses = split(rng, received, responsesParts.length);
  set(responsesParts, responses);
  v.set("responses.total", received);
  const review = split(rng, rng.chance(0.7) ? 0 : rng.int(1, 6), 3);
  v.set("review.total", review.reduce((a, b) => a + b, 0));
  const suits = split(rng, rng.chance(0.8) ? 0 : rng.int(1, 4), 3);
  v.set("litigation.total", suits.reduce((a, b) => a + b, 0));
  if (form === "national2014") {
    set(["requests.in_person", "requests.fax", "requests.online", "requests.letter"], split(rng, received, 4));
    set(["denied.state_secret", "denied.commercial_secret", "denied.privacy", "denied.security_stability", "denied.not_gov_info", "denied.other_law"], split(rng, v.get("responses.denied")!, 6));
    set(["review.upheld", "review.corrected", "review.other"], review);
    set(["litigation.upheld", "litigation.corrected", "litigation.other"], suits);
    v.set("proactive.normative_docs", rng.int(0, 40));
    v.set("proactive.weibo", rng.int(0, 800));
    v.set("proactive.wechat", rng.int(0, 800));
    v.set("complaints.total", rng.int(0, 5));
    v.set("fees.amount", rng.chance(0.8) ? 0 : rng.int(1, 300) / 100);
    v.set("staff.offices", rng.int(1, 3));
    v.set("staff.reading_points", rng.int(1, 5));
    const full = rng.int(0, 4);
    const part = rng.int(1, 8);
    set(["staff.total", "staff.full_time", "staff.part_time"], [full + part, full, part]);
    v.set("staff.budget", rng.int(0, 50) / 2);
    v.set("training.meetings", rng.int(1, 8));
    v.set("training.courses", rng.int(1, 6));
    v.set("training.trainees", rng.int(10, 400));
  } else {
    set(["requests.in_person", "requests.fax", "requests.email", "requests.online", "requests.letter", "requests.other_form"], split(rng, received, 6));
    v.set("appeals.total", rng.int(0, 3));
  }
  return v;
}

/** 历年累计 (local form): at least this year's value. */
export function cumulativeOf(rng: Rng, value: number): number {
  return Number.isInteger(value) ? value + rng.int(0, value * 6 + 20) : value;
}
