/**
 * Script-injection payloads put into comment texts, author names and thread titles.
 * Each one, if a view ever rendered it as markup, would set `window.__xss` or open
 * an alert dialog, which the browser tests watch for. All are single-line, without
 * doubled spaces, so every format carries them unchanged as text.
 */
export const XSS_PAYLOADS: readonly string[] = [
  "<script>window.__xss=1</script>",
  '<img src=x onerror="window.__xss=1">',
  "<img src=x onerror=alert(1)>",
  '<svg onload=alert(1)><circle r="1"/></svg>',
  "<svg><script>window.__xss=1</script></svg>",
  '<a href="javascript:alert(1)">click me</a>',
  "javascript:alert(document.domain)",
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<div style="background:url(javascript:window.__xss=1)">styled</div>',
  '<style>*{background:url("javascript:window.__xss=1")}</style>',
  '"><script>window.__xss=1</script>',
  "'><img src=x onerror=window.__xss=1>",
  "</textarea></title><script>window.__xss=1</script>",
  "<b onmouseover=window.__xss=1>broken <i>html",
  "<<script>script>window.__xss=1<</script>/script>",
  "<details open ontoggle=window.__xss=1>x</details>",
  "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
  '<!--<img src="--><img src=x onerror=window.__xss=1//">',
  '<object data="data:text/html,<script>window.__xss=1</script>"></object>',
  "{{constructor.constructor('window.__xss=1')()}}",
  "report \u202Egnp.exe\u202C with a right-to-left override",
  "zero\u200Bwidth\u200Cjoin\u200Ders\u2060and\uFEFFmarks",
  "\u202Bembedded <b>rtl</b>\u202C and \u2066isolated\u2069 text",
];

/** Short payloads (at most 80 characters, no sentence end) that saved text pages accept as author names. */
export const XSS_NAMES: readonly string[] = [
  "<img src=x onerror=alert(1)>",
  "<script>window.__xss=1</script>",
  '"><svg onload=alert(1)>',
  "Eve \u202Eevil\u202C Admin",
];

/** Thread titles: a payload plus a label, so each format's thread can be told apart. */
export const xssTitle = (label: string) => `<img src=x onerror=alert(1)> ${label} <script>window.__xss=1</script>`;
