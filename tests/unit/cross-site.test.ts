import { describe, expect, it } from "vitest";
import { isCrossSite } from "@/lib/auth/guard";

const request = (method: string, headers: Record<string, string>) =>
  new Request("http://desk.example/api/export?format=csv", { method, headers: { host: "desk.example", ...headers } });

describe("cross-site requests riding a signed-in browser's cookie", () => {
  it("refuse a write without this site's Origin or Referer", () => {
    expect(isCrossSite(request("POST", {}))).toBe(true);
    expect(isCrossSite(request("POST", { origin: "http://evil.example" }))).toBe(true);
    expect(isCrossSite(request("POST", { origin: "http://desk.example" }))).toBe(false);
    expect(isCrossSite(request("POST", { referer: "http://desk.example/exports" }))).toBe(false);
    expect(isCrossSite(request("POST", { authorization: "Bearer cdk_x" }))).toBe(false);
  });

  it("refuse a read another site sent, as the browser says", () => {
    expect(isCrossSite(request("GET", { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSite(request("GET", { "sec-fetch-site": "same-site" }))).toBe(false);
    // Without the header (a plain-HTTP site, a script): a read that starts nothing goes ahead.
    expect(isCrossSite(request("GET", {}))).toBe(false);
  });

  it("let a download start only from this site's pages, a typed address or a token", () => {
    const work = { startsWork: true };
    expect(isCrossSite(request("GET", { "sec-fetch-site": "same-origin" }), work)).toBe(false);
    expect(isCrossSite(request("GET", { "sec-fetch-site": "none" }), work)).toBe(false);
    expect(isCrossSite(request("GET", { "sec-fetch-site": "same-site" }), work)).toBe(true);
    expect(isCrossSite(request("GET", { "sec-fetch-site": "cross-site" }), work)).toBe(true);
    // Browsers send no Sec-Fetch-Site to a plain-HTTP site: then this site's Referer is the proof.
    expect(isCrossSite(request("GET", { referer: "http://desk.example/exports" }), work)).toBe(false);
    expect(isCrossSite(request("GET", { referer: "http://evil.example/page" }), work)).toBe(true);
    expect(isCrossSite(request("GET", {}), work)).toBe(true);
    expect(isCrossSite(request("GET", { authorization: "Bearer cdk_x" }), work)).toBe(false);
  });
});
