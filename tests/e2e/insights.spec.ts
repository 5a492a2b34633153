import { expect, test } from "@playwright/test";
import { query, shippedVersion, signIn } from "./helpers";

test("an editor sees the insights charts with data, changes the range and drills into a bar", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/insights");
  await expect(page.getByTestId("insights-context")).toContainText(`builtin-default ${await shippedVersion()}`);
  await expect(page.getByTestId("insights-context")).toContainText("days in UTC");

  const trend = page.getByTestId("trend-chart");
  await expect(trend.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(trend.locator("path.recharts-line-curve")).toHaveCount(2);
  await expect(page.getByTestId("sentiment-histogram").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("attribute-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("heat-board").getByRole("link").first()).toBeVisible();
  await expect(page.getByTestId("workload-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();

  // The figure shown equals the comments the database holds for the default 30 days.
  const to = await page.getByLabel("To", { exact: true }).inputValue();
  const from = await page.getByLabel("From", { exact: true }).inputValue();
  const [all] = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM comment WHERE kind = 'comment' AND posted_at >= $1::date AND posted_at < $2::date + 1",
    [from, to],
  );
  await expect(page.getByTestId("figure-commentsPerDay")).toContainText(`${all!.n.toLocaleString("en")} in all`);

  // A narrower range: the week up to the latest comment, by day.
  const [latest] = await query<{ day: string }>("SELECT to_char(max(posted_at)::date, 'YYYY-MM-DD') AS day FROM comment");
  const weekEnd = latest!.day;
  const weekStart = new Date(Date.parse(weekEnd) - 6 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(weekStart);
  await page.getByLabel("To", { exact: true }).fill(weekEnd);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${weekStart}&to=${weekEnd}`));
  // Seven periods (the data table lists empty days too), bars drawn for the days with comments.
  await expect(page.locator("#trend-title").locator("..").locator("details tbody tr")).toHaveCount(7);
  await expect(trend.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const [week] = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM comment WHERE kind = 'comment' AND posted_at >= $1::date AND posted_at < $2::date + 1",
    [weekStart, weekEnd],
  );
  await expect(page.getByTestId("figure-commentsPerDay")).toContainText(`${week!.n.toLocaleString("en")} in all`);

  // Drill into the tallest bar: an editor lands on the report preview of that day's comments.
  const bars = trend.locator(".recharts-bar-rectangle path");
  const heights = await bars.evaluateAll((paths) => paths.map((p) => (p as SVGPathElement).getBBox().height));
  const tallest = heights.indexOf(Math.max(...heights));
  // The lines are drawn over the bars; wherever they cross one, the bar must still take the click.
  await trend.scrollIntoViewIfNeeded();
  const covered = await bars.evaluateAll((paths) =>
    paths.flatMap((p, i) => {
      const box = p.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const misses: string[] = [];
      for (let y = box.top + 1; y < box.bottom - 1; y += 2) {
        const hit = document.elementFromPoint(x, y);
        if (hit !== p) misses.push(`bar ${i} at y=${Math.round(y - box.top)}: ${hit?.getAttribute("class") ?? hit?.tagName}`);
      }
      return misses;
    }),
  );
  expect(covered).toEqual([]);
  await bars.nth(tallest).click();
  await expect(page).toHaveURL(/\/exports\?preview=1&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  const day = new URL(page.url()).searchParams.get("from")!;
  const [onDay] = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM comment WHERE kind = 'comment' AND posted_at >= $1::date AND posted_at < $1::date + 1",
    [day],
  );
  expect(onDay!.n).toBeGreaterThan(0);
  // The comments the bar counted: pingbacks and trackbacks left out, as on the chart.
  expect(new URL(page.url()).searchParams.get("kind")).toBe("comment");
  await expect(page.getByTestId("preview-count")).toContainText(`${onDay!.n} comment`);
});

test("the insights API answers with the page's figures, and refuses filters it cannot use", async ({ page }) => {
  await signIn(page, "staff");
  const [latest] = await query<{ day: string }>("SELECT to_char(max(posted_at)::date, 'YYYY-MM-DD') AS day FROM comment");
  const to = latest!.day;
  const from = new Date(Date.parse(to) - 13 * 86_400_000).toISOString().slice(0, 10);
  const response = await page.request.get(`/api/v1/insights?from=${from}&to=${to}&bucket=day`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  const [all] = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM comment WHERE kind = 'comment' AND posted_at >= $1::date AND posted_at < $2::date + 1",
    [from, to],
  );
  expect(body.overview.current.comments).toBe(all!.n);
  expect(body.series).toHaveLength(14);
  expect(body.series.reduce((sum: number, p: { comments: number }) => sum + p.comments, 0)).toBe(all!.n);

  const bad = await page.request.get("/api/v1/insights?from=yesterday");
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toBe("invalid input");
});

test("a range without comments says so instead of drawing empty charts", async ({ page }) => {
  await signIn(page, "staff");
  await page.goto("/insights?from=2001-01-01&to=2001-01-31");
  await expect(page.getByTestId("insights-empty")).toContainText("No comments between 1 Jan 2001 and 31 Jan 2001");
  await expect(page.getByTestId("trend-chart")).toHaveCount(0);
});

test("a source no one has is named, not silently shown as empty", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/insights?source=nope");
  await expect(page.getByTestId("unknown-sources")).toHaveText(/^No source is called “nope”: nothing matches, so the figures are empty\./);
  const [source] = await query<{ key: string }>("SELECT key FROM source ORDER BY key LIMIT 1");
  await page.goto(`/insights?source=nope&source=${source!.key}`);
  await expect(page.getByTestId("unknown-sources")).toContainText("the figures cover the other sources chosen");
  await page.goto(`/insights?source=${source!.key}`);
  await expect(page.getByTestId("unknown-sources")).toHaveCount(0);
  await expect(page.getByTestId("unknown-model")).toHaveCount(0);
  // A model version no score has (a typo) is named too, on the page and in the API.
  await page.goto("/insights?model=builtin-default@9.9.9");
  await expect(page.getByTestId("unknown-model")).toHaveText(/^No comment has scores from model “builtin-default@9\.9\.9”/);
  const api = await page.request.get("/api/v1/insights?model=builtin-default@9.9.9");
  expect((await api.json()).filters.unknownModel).toBe("builtin-default@9.9.9");
});

test("years asked for per day are drawn per week, saying so", async ({ page }) => {
  await signIn(page, "editor");
  const to = new Date().toISOString().slice(0, 10);
  const from = `${Number(to.slice(0, 4)) - 3}-01-01`;
  await page.goto(`/insights?from=${from}&to=${to}&bucket=day`);
  await expect(page.getByTestId("bucket-note")).toHaveText(/^Shown per week: the range holds more than 400 days, too many to draw\./);
  await expect(page.locator("#trend-title")).toHaveText("Comments, sentiment and incivility per week");
  await expect(page.getByRole("form", { name: "Filters" }).locator("select[name=bucket]")).toHaveValue("week");
  await expect(page.getByTestId("trend-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
});

test("filters it cannot use are named, with the form kept to correct them", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/insights?from=2026-05-10&to=2026-05-01");
  const problem = page.getByRole("alert").filter({ hasText: "These filters cannot be used" });
  await expect(problem).toContainText("from");
  const form = page.getByRole("form", { name: "Filters" });
  await expect(form.getByLabel("From", { exact: true })).toHaveValue("2026-05-10");
  await form.getByLabel("From", { exact: true }).fill("2026-04-25");
  await form.getByRole("button", { name: /apply|show/i }).click();
  await expect(problem).toHaveCount(0);
  await expect(page.getByTestId("insights-context")).toContainText("25 Apr 2026 – 1 May 2026");
});

test("an editor opens one article's and one author's trend from the boards", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/insights");
  const title = page.getByTestId("heat-board").locator("table").first().getByRole("link").first();
  const name = (await title.innerText()).trim();
  await title.click();
  // For the days the board counted (the newsroom's days, UTC here): the same comments.
  await expect(page).toHaveURL(/\/insights\/articles\/\d+\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  // Its tab says which article it is, not only "Article".
  await expect(page).toHaveTitle(new RegExp(`^${name!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} · Article · Insights`));
  const opened = new URL(page.url());
  const threadId = Number(opened.pathname.split("/").pop());
  const [count] = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM comment WHERE thread_id = $1 AND kind = 'comment' AND posted_at >= $2::date AND posted_at < $3::date + 1",
    [threadId, opened.searchParams.get("from"), opened.searchParams.get("to")],
  );
  await expect(page.getByRole("definition").first()).toHaveText(count!.n.toLocaleString("en"));
  // Its whole history is a link away: every comment of the article is counted there.
  await page.getByRole("link", { name: "Whole history" }).click();
  await expect(page).toHaveURL(new RegExp(`/insights/articles/${threadId}$`));
  const [all] = await query<{ n: number }>("SELECT count(*)::int AS n FROM comment WHERE thread_id = $1 AND kind = 'comment'", [threadId]);
  await expect(page.getByRole("definition").first()).toHaveText(all!.n.toLocaleString("en"));
  const trend = page.getByTestId("trend-chart");
  await expect(trend.locator(".recharts-bar-rectangle").first()).toBeVisible();
  // An editor has no thread view: no link to it, and a bar opens the article's comments in a report preview.
  await expect(page.getByRole("link", { name: "Open the thread" })).toHaveCount(0);
  // Hovered, the chart draws a dot on each line over the bar (a 0% share sits on a short bar): the bar still takes the click.
  const first = trend.locator(".recharts-bar-rectangle path").first();
  await first.hover();
  await expect(trend.locator(".recharts-active-dot").first()).toBeAttached();
  expect(await first.evaluate((bar) => {
    const box = bar.getBoundingClientRect();
    return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === bar;
  })).toBe(true);
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/exports\\?preview=1.*thread=${threadId}`));

  await page.goto("/insights");
  const author = page.getByTestId("commenters").locator("table").first().getByRole("link").first();
  const who = (await author.innerText()).trim();
  await author.click();
  // The days the board counted go with it, so the page opened counts the same comments, and back.
  await expect(page).toHaveURL(/\/insights\/authors\/\d+\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/);
  const range = new URL(page.url()).search;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(who);
  await expect(page.getByTestId("focus-context")).toContainText("days in UTC");
  await expect(page.getByTestId("trend-chart").or(page.getByText("Not enough points"))).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Insights", exact: true })).toHaveAttribute("href", `/insights${range}`);
  // A range it cannot use is named, with a way back.
  const bad = new URL(page.url());
  bad.search = "?from=2026-02-30";
  await page.goto(bad.toString());
  await expect(page.locator("p.error[role=alert]")).toContainText("These filters cannot be used: from:");
  await expect(page.getByRole("link", { name: "Show its whole history" })).toBeVisible();
});

test("a signed-out visitor gets no insights", async ({ page }) => {
  const response = await page.request.get("/insights", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toMatch(/\/login\?next=%2Finsights/);
});

test("an admin picks the newsroom time zone from the browser's list; the days follow it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/insights");
  const form = page.getByRole("form", { name: "Newsroom time zone" });
  // The suggestions come from the browser after load, not with the page.
  await expect(form.locator("datalist option")).not.toHaveCount(0);
  expect(await form.locator("datalist option").count()).toBeGreaterThan(300);
  const field = form.getByLabel("Newsroom time zone");
  await expect(field).toHaveValue("UTC");
  try {
    await field.fill("Mars/Olympus");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("status")).toContainText("time zone");
    await field.fill("Europe/Berlin");
    await form.getByRole("button", { name: "Save" }).click();
    // Recounting every chart is asked first.
    await form.getByRole("button", { name: "Yes, recount" }).click();
    await expect(form.getByRole("status")).toHaveText("Days now follow Europe/Berlin.");
    await page.reload();
    await expect(page.getByTestId("insights-context")).toContainText("days in Europe/Berlin");
  } finally {
    await field.fill("UTC");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByRole("button", { name: "Yes, recount" }).click();
    await expect(form.getByRole("status")).toHaveText("Days now follow UTC.");
  }
});

test("every chart has its figures in a data table, and the comparison period is said in words", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/insights");
  await expect(page.getByText(/^Previous period: .+, the same number of days just before the range\.$/)).toBeVisible();
  const table = (heading: string) => page.getByRole("heading", { name: heading }).locator("..").locator("details table");
  await expect(table("Distribution of sentiment").locator("tbody tr")).toHaveCount(20);
  await expect(table("Distribution of sentiment").locator("thead")).toContainText("Sentiment from");
  const decisions = page.locator("#decisions-title").locator("..").locator("details table");
  await expect(decisions.locator("thead")).toContainText("Approved");
  await expect(decisions.locator("thead")).toContainText("Entered the queue");
  const backlog = page.locator("#backlog-title").locator("..").locator("details table");
  await expect(backlog).toHaveCount(2);
  await expect(backlog.first().locator("thead")).toContainText("Waiting");
  await expect(backlog.last().locator("thead")).toContainText("Time to decision");
  // The uncivil line is dashed as well as red.
  await expect(page.getByTestId("trend-chart").locator("path.recharts-line-curve[stroke-dasharray]")).toHaveCount(1);
});

test("figures from another model keep it on the article and author pages they link to", async ({ page }) => {
  await signIn(page, "editor");
  // Another version's scores, as a rescore for comparison leaves them.
  const version = "0.0.1-e2e";
  await query(
    `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans)
     SELECT comment_id, model, $1, sentiment, sentiment_label, incivility, attributes, spans FROM score WHERE model = 'builtin-default'
     ON CONFLICT DO NOTHING`,
    [version],
  );
  try {
    const other = `builtin-default@${version}`;
    await page.goto(`/insights?model=${encodeURIComponent(other)}`);
    const article = page.getByTestId("heat-board").locator("table").first().getByRole("link").first();
    await expect(article).toHaveAttribute("href", new RegExp(`[?&]model=${encodeURIComponent(other)}$`));
    await article.click();
    await expect(page.getByTestId("focus-context")).toContainText(`builtin-default ${version}`);
    // The range form keeps it too.
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(new RegExp(`model=${encodeURIComponent(other)}`));
    await expect(page.getByTestId("focus-context")).toContainText(`builtin-default ${version}`);
  } finally {
    await query("DELETE FROM score WHERE model_version = $1", [version]);
  }
});

test("the bucket stays automatic after Apply unless one is chosen, so a longer range is drawn by month", async ({ page }) => {
  await signIn(page, "editor");
  await page.goto("/insights");
  const per = page.locator("select[name=bucket]");
  await expect(per).toHaveValue("");
  await expect(per.locator("option:checked")).toHaveText("automatic (day)");
  const to = await page.getByLabel("To", { exact: true }).inputValue();
  const from = new Date(Date.parse(to) - 700 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await expect(per.locator("option:checked")).toHaveText("automatic (month)");
  // Chosen, it stays chosen.
  await per.selectOption("week");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/bucket=week/);
  await expect(per).toHaveValue("week");
});
