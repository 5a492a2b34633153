import { describe, expect, it } from "vitest";
import { addDays, bucketEnd, bucketLabel, bucketStart, bucketStarts, daysInRange } from "@/lib/analytics/dates";
import { isCalendarDate as isValidDate } from "@/lib/calendar-date";
import { drillTarget, drillUrl, queueUrl, reportPreviewUrl } from "@/lib/analytics/drill";
import { reportFiltersFromSearch, reportSearch, usableReportFilters } from "@/lib/reports/filters";
import { paramsFromSearch } from "@/lib/analytics/filters";
import { daysElapsed } from "@/lib/analytics/overview";
import { focusParamsSchema } from "@/lib/analytics/focus";
import { distinctiveWords } from "@/lib/analytics/log-odds";
import { medianBand } from "@/lib/analytics/workload";

describe("newsroom dates and buckets", () => {
  it("walks days, ISO weeks and months across month and year ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(daysInRange("2026-03-01", "2026-03-31")).toBe(31);
    expect(bucketStart("2026-03-01", "week")).toBe("2026-02-23"); // a Sunday belongs to the week before
    expect(bucketStart("2026-03-02", "week")).toBe("2026-03-02");
    expect(bucketStart("2027-01-01", "week")).toBe("2026-12-28");
    expect(bucketEnd("2026-02-01", "month")).toBe("2026-02-28");
    expect(bucketStarts("2026-12-30", "2027-01-02", "month")).toEqual(["2026-12-01", "2027-01-01"]);
    expect(bucketLabel("2026-03-09", "week")).toBe("w/c 9 Mar");
    // A range across New Year names the year, or "9 Mar" would come round again.
    expect(bucketLabel("2026-03-09", "day", { from: "2026-01-01", to: "2026-12-31" })).toBe("9 Mar");
    expect(bucketLabel("2026-03-09", "day", { from: "2025-06-01", to: "2026-12-31" })).toBe("9 Mar 2026");
    expect(bucketLabel("2026-03-09", "week", { from: "2025-06-01", to: "2026-12-31" })).toBe("w/c 9 Mar 2026");
    expect(bucketLabel("2026-03-01", "month", { from: "2025-06-01", to: "2026-12-31" })).toBe("Mar 2026");
    expect(isValidDate("2026-02-30")).toBe(false);
  });
});

describe("insights filters", () => {
  it("reads repeated sources and sections and refuses a backwards range", () => {
    const params = paramsFromSearch(new URLSearchParams("source=a&source=b&section=&bucket=week&from=2026-03-01&to=2026-03-31"));
    expect(params).toMatchObject({ source: ["a", "b"], section: [""], bucket: "week" });
    expect(() => paramsFromSearch(new URLSearchParams("from=2026-03-31&to=2026-03-01"))).toThrow(/after/);
    expect(() => paramsFromSearch(new URLSearchParams("bucket=year"))).toThrow();
    expect(() => paramsFromSearch(new URLSearchParams("model=nonsense"))).toThrow(/name@version/);
    // A from alone runs to today: ten years at most, as with both given.
    expect(() => paramsFromSearch(new URLSearchParams("from=1900-01-01"))).toThrow(/ten years/);
    expect(() => paramsFromSearch(new URLSearchParams("from=0100-01-01"))).toThrow(/ten years/);
    const recent = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    expect(paramsFromSearch(new URLSearchParams(`from=${recent}`)).from).toBe(recent);
    // An author's or article's page ends such a range at their last comment, and shortens it itself.
    expect(focusParamsSchema.safeParse({ from: "2012-01-01" }).success).toBe(true);
    // The end of year 9999 has no day after it in four digits: refused as a date, not a server error.
    expect(() => paramsFromSearch(new URLSearchParams("from=9999-12-31"))).toThrow(/YYYY-MM-DD/);
    expect(() => paramsFromSearch(new URLSearchParams("from=9999-12-01&to=9999-12-31&bucket=week"))).toThrow(/YYYY-MM-DD/);
    expect(focusParamsSchema.safeParse({ from: "9999-12-31" }).success).toBe(false);
  });
});

describe("drill-down links", () => {
  it("open the queue for moderators when it shows the same comments, and a report preview otherwise", () => {
    const drill = { from: "2026-03-02", to: "2026-03-08", source: ["harbour-times"], attribute: "insult" };
    expect(queueUrl(drill)).toBe("/queue?status=all&source=harbour-times&from=2026-03-02&to=2026-03-08&attribute=insult");
    expect(reportPreviewUrl(drill)).toBe("/exports?preview=1&from=2026-03-02&to=2026-03-08&source=harbour-times&attribute=insult&kind=comment");
    expect(drillUrl({ commenter: 7 }, true)).toBe("/queue?status=all&commenter=7");
    expect(drillUrl({ from: "2026-03-02", to: "2026-03-08", source: ["a"] }, true)).toBe("/queue?status=all&source=a&from=2026-03-02&to=2026-03-08");
    // The queue takes one source: with two chosen the link does not narrow it to either.
    expect(queueUrl({ source: ["a", "b"], thread: 3 })).toBe("/queue?status=all&thread=3");

    // What the queue cannot show as Insights counted it goes to the preview, for moderators too:
    // several sources, sections, another model's scores, an attribute counted at 50%.
    expect(drillUrl({ source: ["a", "b"] }, true)).toBe("/exports?preview=1&source=a&source=b&kind=comment");
    expect(drillUrl({ sections: ["Opinion", ""] }, true)).toBe("/exports?preview=1&section=Opinion&section=&kind=comment");
    expect(drillUrl({ model: "builtin-news@1.6.0" }, true)).toBe("/exports?preview=1&model=builtin-news%401.6.0&kind=comment");
    expect(drillUrl(drill, true)).toBe(reportPreviewUrl(drill));
    expect(drillTarget(drill, true)).toBe("in a report preview");
    expect(drillTarget({ source: ["a"] }, true)).toBe("in the review queue");
    expect(drillTarget({ source: ["a"] }, false)).toBe("in a report preview");
  });

  it("carry sections and kinds into report filters, commas and the empty section intact", () => {
    const filters = reportFiltersFromSearch(new URLSearchParams(drillUrl({ sections: ["Business, Finance", ""], source: ["a", "b"] }, true).split("?")[1]));
    expect(filters).toMatchObject({ section: ["Business, Finance", ""], kind: ["comment"], source: ["a", "b"] });
    expect(reportSearch({ filters })).toBe("source=a&source=b&section=Business%2C+Finance&section=&kind=comment");
    expect(() => reportFiltersFromSearch(new URLSearchParams("kind=tweet"))).toThrow();
  });

  it("keep the usable fields of refused report filters, so the form does not lose them", () => {
    const search = new URLSearchParams("from=2026-05-09&to=2026-05-01&source=a&source=b&thread=12&status=rejected&kind=tweet&model=m@2");
    expect(() => reportFiltersFromSearch(search)).toThrow();
    expect(usableReportFilters(search)).toMatchObject({
      from: "2026-05-09", to: "2026-05-01", source: ["a", "b"], thread: [12], status: ["rejected"], kind: [], model: "m@2",
    });
    expect(usableReportFilters(new URLSearchParams("from=tomorrow"))).toMatchObject({ from: "tomorrow", source: [] });
  });
});

describe("distinctive words (log odds ratio with a z-score)", () => {
  it("ranks words over-represented in the class, computed by hand", () => {
    // 10 uncivil comments out of 100; "idiot" in 6 of them and in 2 others; "article" everywhere alike.
    const words = distinctiveWords(
      [
        { word: "idiot", inClass: 6, total: 8 },
        { word: "article", inClass: 5, total: 50 },
        { word: "rare", inClass: 2, total: 2 },
      ],
      10,
      100,
    );
    expect(words.map((w) => w.word)).toEqual(["idiot"]);
    const a = 6.5, b = 4.5, c = 2.5, d = 88.5;
    const logOdds = Math.log(a / b) - Math.log(c / d);
    expect(words[0]!.logOdds).toBeCloseTo(logOdds, 12);
    expect(words[0]!.z).toBeCloseTo(logOdds / Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d), 12);
    expect(words[0]).toMatchObject({ inClass: 6, classShare: 0.6, inRest: 2 });
    expect(words[0]!.restShare).toBeCloseTo(2 / 90, 12);
  });

  it("returns nothing for an empty class", () => {
    expect(distinctiveWords([{ word: "x", inClass: 0, total: 5 }], 0, 5)).toEqual([]);
  });
});

describe("median time to decision", () => {
  it("names the band holding the middle decision", () => {
    const bands = [{ label: "under 1 min", decisions: 1 }, { label: "1–5 min", decisions: 1 }, { label: "5–15 min", decisions: 3 }];
    expect(medianBand(bands)).toBe("5–15 min");
    expect(medianBand([{ label: "a", decisions: 1 }, { label: "b", decisions: 1 }])).toBe("a");
    expect(medianBand([{ label: "a", decisions: 0 }])).toBeNull();
  });
});

describe("comments per day", () => {
  const now = new Date("2026-11-10T18:00:00Z");
  it("divide by the days that have passed, not by days still to come", () => {
    expect(daysElapsed({ from: "2026-10-01", to: "2026-10-31" }, "UTC", now)).toBe(31);
    // 1–30 November seen at 18:00 on the 10th: nine whole days and three quarters of today.
    expect(daysElapsed({ from: "2026-11-01", to: "2026-11-30" }, "UTC", now)).toBe(9.75);
    // In New York it is 13:00 on the 10th.
    expect(daysElapsed({ from: "2026-11-01", to: "2026-11-30" }, "America/New_York", now)).toBeCloseTo(9 + 13 / 24, 10);
    expect(daysElapsed({ from: "2026-12-01", to: "2026-12-31" }, "UTC", now)).toBe(0);
    // Just after midnight today counts as an hour, so one early comment is not a rate of hundreds.
    expect(daysElapsed({ from: "2026-11-10", to: "2026-11-10" }, "UTC", new Date("2026-11-10T00:01:00Z"))).toBeCloseTo(1 / 24, 10);
  });
});
