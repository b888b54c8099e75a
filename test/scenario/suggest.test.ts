import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, nearest, oneOf } from "../../src/scenario/suggest.js";

describe("suggestions", () => {
  it("counts edits, transpositions included", () => {
    expect(editDistance("mapp", "mmap")).toBe(2);
    expect(editDistance("strat", "start")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
  it("suggests only close words", () => {
    expect(nearest("mapp", ["open", "mmap", "munmap"])).toBe("mmap");
    expect(nearest("Isolation", ["isolation"])).toBe("isolation");
    expect(nearest("q", ["p"])).toBeUndefined();
    expect(nearest("qq", ["q"])).toBe("q");
    expect(nearest("frobnicate", ["open", "close"])).toBeUndefined();
    expect(didYouMean("uace", ["uacce", "idxd"])).toBe("; did you mean 'uacce'?");
    expect(didYouMean("gpu", ["uacce", "idxd"])).toBe("");
  });
  it("joins words", () => {
    expect(oneOf(["a"])).toBe("a");
    expect(oneOf(["a", "b", "c"])).toBe("a, b or c");
  });
});
