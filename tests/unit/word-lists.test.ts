import { describe, expect, it } from "vitest";
import { compileWordList, matchWordList, termSchema } from "@/lib/moderation/word-lists";

describe("word lists", () => {
  it("match curly and straight apostrophes alike, and words split by an invisible character", () => {
    expect(matchWordList(compileWordList(["don't"]), "I don’t care")).toEqual(["don't"]);
    expect(matchWordList(compileWordList(["don’t"]), "I don't care")).toEqual(["don't"]);
    expect(matchWordList(compileWordList(["idiot"]), "what an id\u200biot")).toEqual(["idiot"]);
    // A soft hyphen, and the other invisible characters, hide no word either.
    expect(matchWordList(compileWordList(["bastard"]), "you ba\u00adstard")).toEqual(["bastard"]);
    expect(matchWordList(compileWordList(["bastard"]), "you bas\u2063tard")).toEqual(["bastard"]);
  });

  it("find terms of scripts written without spaces inside a sentence, and only whole words elsewhere", () => {
    const list = compileWordList(["傻逼", "バカ", "idiot"]);
    expect(matchWordList(list, "你是傻逼吗")).toEqual(["傻逼"]);
    expect(matchWordList(list, "お前はバカだ")).toEqual(["バカ"]);
    expect(matchWordList(list, "idiotic idiots, you idiot")).toEqual(["idiot"]);
  });

  it("store a term as it is compared, and take one character only in those scripts", () => {
    expect(termSchema.parse("İstanbul")).toBe("istanbul");
    expect(termSchema.parse("cafe\u0301")).toBe("café");
    expect(termSchema.parse("Don’t")).toBe("don't");
    expect(termSchema.parse("屌")).toBe("屌");
    expect(() => termSchema.parse("a")).toThrow("at least two characters");
    // Checked as stored: an invisible character neither makes "a" two characters nor hides in the term.
    expect(() => termSchema.parse("\u200ba")).toThrow("at least two characters");
    expect(termSchema.parse("\u200b idiot")).toBe("idiot");
    expect(termSchema.parse("ba\u00adstard")).toBe("bastard");
  });

  it("store spaces as one, whatever was pasted, and fold look-alike letters, in terms and texts alike", () => {
    expect(termSchema.parse("son\u00a0of  a\tgun")).toBe("son of a gun");
    expect(termSchema.parse("ｆｕｃｋ")).toBe("fuck");
    expect(matchWordList(compileWordList(["fuck"]), "ｆｕｃｋ this")).toEqual(["fuck"]);
    expect(matchWordList(compileWordList(["fish"]), "a \ufb01sh story")).toEqual(["fish"]);
    expect(matchWordList(compileWordList(["son of a gun"]), "you son\u00a0of a gun")).toEqual(["son of a gun"]);
  });

  it("take a word's vowel signs as part of it: a Hindi or Arabic term is not found inside a longer word", () => {
    const list = compileWordList(["बम", "कम"]);
    expect(matchWordList(list, "यह बमुश्किल हुआ")).toEqual([]);
    expect(matchWordList(list, "इसमें कमी है")).toEqual([]);
    expect(matchWordList(list, "एक बम फटा")).toEqual(["बम"]);
  });
});
