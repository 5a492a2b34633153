/**
 * Spreadsheet formulas in CSV cells. The CSV export puts a ' before text a spreadsheet would run
 * as a formula (= + - @, a tab or a carriage return first; csv-stringify's `escape_formulas`), and
 * the importer takes it back. Text that already starts with ' before such a character gets one
 * more on export, so taking one back on import always gives the text that was exported.
 */
const APOSTROPHES_BEFORE_FORMULA = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** On export, before `escape_formulas`: "'@Jane" → "''@Jane" (which the importer reads back as "'@Jane"). */
export function protectApostrophes(value: string): string {
  return APOSTROPHES_BEFORE_FORMULA.test(value) ? `'${value}` : value;
}

/** On import: the ' the export put first, taken back ("'@Jane" → "@Jane", "''@Jane" → "'@Jane"). */
export function unescapeFormula(value: string): string {
  return APOSTROPHES_BEFORE_FORMULA.test(value) ? value.slice(1) : value;
}
