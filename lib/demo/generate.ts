import type { ParsedComment, ParsedThread, SourceInfo, SourceStatus } from "@/lib/ingest/types";
import { createRandom, type Random } from "./random";
import * as V from "./vocabulary";

export type DemoOptions = {
  seed?: number;
  /** Total comments across both sources. */
  comments?: number;
  /** Latest possible comment time; threads spread over `days` before it. */
  end?: Date;
  days?: number;
};

type Heat = "calm" | "lively" | "heated";
export type DemoThread = ParsedThread & { section: string; size: number; heat: Heat };
export type DemoSource = { source: SourceInfo; threads: DemoThread[]; authors: string[] };
export type DemoPlan = { seed: number; end: Date; days: number; sources: DemoSource[] };

const SOURCES: SourceInfo[] = [
  { key: "harbour-times", name: "The Harbour Times", platform: "disqus" },
  { key: "northern-notes", name: "Northern Notes (blog)", platform: "wordpress" },
];
const DAY = 86_400_000;

function makeAuthors(random: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const first = random.pick(V.NAME_STARTS) + random.pick(V.NAME_ENDS);
    const name = random.chance(0.5)
      ? `${first} ${random.pick(V.NAME_STARTS)}${random.pick(V.NAME_ENDS)}`
      : `${first.toLowerCase()}${random.pick(V.HANDLE_SUFFIXES)}`;
    names.add(names.has(name) ? `${name}${names.size}` : name);
  }
  return [...names];
}

/** Threads and authors for both sources. Small (about one thread per 60 comments). */
export function planDemo(options: DemoOptions = {}): DemoPlan {
  const seed = options.seed ?? 20261123;
  const total = Math.max(0, Math.floor(options.comments ?? 1500));
  const end = options.end ?? new Date();
  const days = options.days ?? 90;
  const random = createRandom(seed);
  const sources = SOURCES.map((source, s) => {
    // The news site gets about two thirds of the comments.
    const share = s === 0 ? Math.ceil(total * 0.65) : total - Math.ceil(total * 0.65);
    const threadCount = Math.max(3, Math.round(share / 60));
    const weights = Array.from({ length: threadCount }, () => 0.2 + random.next() ** 3 * 4);
    const sum = weights.reduce((a, b) => a + b, 0);
    const sizes = weights.map((w) => Math.floor((w / sum) * share));
    let rest = share - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % threadCount, rest--) sizes[i]!++;
    const threads: DemoThread[] = sizes.map((size, t) => {
      const title = `${random.pick(V.HEADLINE_SUBJECTS)} ${random.pick(V.HEADLINE_VERBS)} ${random.pick(V.HEADLINE_OBJECTS)}`;
      const section = random.pick(V.SECTIONS);
      const publishedAt = new Date(end.getTime() - random.next() * days * DAY);
      const heatRoll = random.next();
      const heat: Heat = heatRoll < 0.12 ? "heated" : heatRoll < 0.45 ? "lively" : "calm";
      const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      const key = s === 0 ? `ht-${t + 1}` : `post-${1000 + t}`;
      const url = s === 0 ? `https://harbourtimes.example/${section}/${slug}-${t + 1}` : `https://northernnotes.example/${t + 1}/${slug}/`;
      return { key, title, url, publishedAt, section, size, heat };
    });
    return { source, threads, authors: makeAuthors(random, Math.max(12, Math.round(share / 9))) };
  });
  return { seed, end, days, sources };
}

function fill(template: string, random: Random): string {
  return template.replace("{topic}", random.pick(V.TOPICS));
}

function statusFor(random: Random, platform: string): SourceStatus {
  const roll = random.next();
  if (roll < 0.01) return "deleted";
  if (roll < 0.015) return "spam";
  if (platform === "wordpress" && roll < 0.04) return "pending";
  return "visible";
}

/**
 * Comments of one source, thread by thread, oldest first. Deterministic for a
 * given plan. Heated threads end in a back-and-forth between two commenters whose
 * replies grow more hostile.
 */
export function* demoComments(plan: DemoPlan, sourceIndex: number): Generator<ParsedComment> {
  const demo = plan.sources[sourceIndex];
  if (!demo) return;
  const random = createRandom(plan.seed * 31 + sourceIndex + 1);
  const { source, authors } = demo;
  let counter = 0;
  for (const thread of demo.threads) {
    const posted: { sid: string; author: string }[] = [];
    let time = thread.publishedAt!.getTime() + random.next() * 3_600_000;
    const duelStart = thread.heat === "heated" ? Math.floor(thread.size * 0.6) : Number.POSITIVE_INFINITY;
    const duel = [random.pick(authors), random.pick(authors)] as const;
    for (let i = 0; i < thread.size; i++) {
      counter++;
      time = Math.min(time + -Math.log(1 - random.next()) * 1_200_000, plan.end.getTime());
      const sid = source.platform === "disqus" ? String(7_000_000 + counter) : `${thread.key}:${counter}`;
      let author = authors[Math.floor(authors.length * random.next() ** 2)]!;
      let parent: { sid: string; author: string } | undefined;
      let body: string;
      if (i >= duelStart && posted.length) {
        // The duel: the two alternate, each replying to the other's last comment.
        const turn = (i - duelStart) % 2;
        author = duel[turn]!;
        parent = [...posted].reverse().find((p) => p.author === duel[1 - turn]) ?? posted[posted.length - 1];
        const hostility = (i - duelStart) / Math.max(1, thread.size - duelStart);
        body = hostility > 0.3 ? random.pick(V.REPLY_HOSTILE) : random.pick(V.REPLY_DISAGREE);
        if (hostility > 0.6 && random.chance(0.5)) body += " " + fill(random.pick(V.OPENERS_UNCIVIL), random);
      } else {
        if (posted.length && random.chance(0.35)) {
          parent = posted[Math.max(0, posted.length - 1 - Math.floor(random.next() ** 2 * posted.length))];
        }
        const uncivil = { calm: 0.03, lively: 0.1, heated: 0.22 }[thread.heat];
        const roll = random.next();
        if (roll < 0.004) body = fill(random.pick(V.OPENERS_THREAT), random);
        else if (roll < uncivil) body = fill(random.pick(V.OPENERS_UNCIVIL), random);
        else if (parent && roll < 0.5) body = random.pick(random.chance(0.5) ? V.REPLY_AGREE : V.REPLY_DISAGREE);
        else {
          const bank = random.pick([V.OPENERS_POSITIVE, V.OPENERS_NEUTRAL, V.OPENERS_NEGATIVE, V.OPENERS_NEUTRAL]);
          body = fill(random.pick(bank), random);
        }
        if (random.chance(0.4)) body += " " + random.pick(V.FOLLOW_UPS);
      }
      if (parent && random.chance(0.5)) body = `@${parent.author} ${body}`;
      posted.push({ sid, author });
      yield {
        sourceCommentId: sid,
        threadKey: thread.key,
        parentSourceId: parent?.sid ?? null,
        authorKey: author.toLowerCase(),
        authorName: author,
        body,
        postedAt: new Date(Math.floor(time)),
        sourceStatus: statusFor(random, source.platform),
        kind: "comment",
      };
    }
  }
}
