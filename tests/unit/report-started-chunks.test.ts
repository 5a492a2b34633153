import { describe, expect, it } from "vitest";
import { startedChunks } from "@/lib/reports/respond";

/** A report's chunks, saying whether its own cleanup (its finally) ran. */
function report(chunks: string[]) {
  const state = { closed: false };
  async function* source() {
    try {
      yield* chunks;
    } finally {
      state.closed = true;
    }
  }
  return { state, source: source() };
}

describe("a streamed report's chunks", () => {
  it("end the report and free its place when returned before the first read (the client left at once)", async () => {
    const { state, source } = report(["header\n", "row 1\n", "row 2\n"]);
    let ended = 0;
    const chunks = await startedChunks(source, () => ended++);
    // A generator returned before its first next() never enters its body, so its finally would not run.
    await chunks.return(undefined);
    expect(state.closed).toBe(true);
    expect(ended).toBe(1);
    await chunks.return(undefined);
    expect(ended).toBe(1);
  });

  it("give every chunk, the first ones read ahead included, then end the report once", async () => {
    const { state, source } = report(["header\n", "row 1\n", "row 2\n", "row 3\n"]);
    let ended = 0;
    const chunks = await startedChunks(source, () => ended++);
    const seen: string[] = [];
    for await (const chunk of chunks) seen.push(chunk);
    expect(seen).toEqual(["header\n", "row 1\n", "row 2\n", "row 3\n"]);
    expect(state.closed).toBe(true);
    expect(ended).toBe(1);
  });

  it("end the report when a later read fails, and pass the failure on", async () => {
    let ended = 0;
    let closed = false;
    async function* failing() {
      try {
        yield "header\n";
        yield "row 1\n";
        throw new Error("database went away");
      } finally {
        closed = true;
      }
    }
    const chunks = await startedChunks(failing(), () => ended++);
    await chunks.next();
    await chunks.next();
    await expect(chunks.next()).rejects.toThrow("database went away");
    expect(closed).toBe(true);
    expect(ended).toBe(1);
  });

  it("end the report and free its place when the client stops reading, then cut the download", async () => {
    const { state, source } = report(["header\n", "row 1\n", "row 2\n", "row 3\n"]);
    let ended = 0;
    const told: Error[] = [];
    const chunks = await startedChunks(source, () => ended++, { stallMs: 40, onStall: (err) => told.push(err) });
    expect(await chunks.next()).toEqual({ value: "header\n", done: false });
    // Reading again in time keeps it going.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await chunks.next()).toEqual({ value: "row 1\n", done: false });
    expect(ended).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(state.closed).toBe(true);
    expect(ended).toBe(1);
    expect(told.map((e) => e.message)).toEqual(["the download was stopped: nothing was read for 0 s"]);
    // Cut, not ended: the rest never comes, and the reader is told why.
    await expect(chunks.next()).rejects.toThrow("nothing was read for 0 s");
    await chunks.return(undefined);
    expect(ended).toBe(1);
  });

  it("cut a response the moment its report is stopped from outside", async () => {
    const { toReadableStream } = await import("@/lib/reports/export");
    const { source } = report(["header\n", "row 1\n"]);
    const cut = new AbortController();
    const reader = toReadableStream(source, cut.signal).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("header\n");
    cut.abort(new Error("nothing was read"));
    await expect(reader.read()).rejects.toThrow("nothing was read");
  });
});
