/**
 * The design matrix as text (a grid per IOMMU driver that fits in 120 columns: rows are
 * scenarios, columns designs, cells short property letters with trace lengths) and as a GitHub
 * Markdown table (full property names, cellText), plus the shortest counterexample that condemns
 * each design the review thread discussed.
 */
import { DESIGNS } from "../kernel/designs/index.js";
import { PROPERTY_NAMES, type DesignName } from "../kernel/names.js";
import type { PropertyVerdict } from "./check.js";
import { cellText, type Matrix, type MatrixRow } from "./matrix.js";

/** The designs the LKML thread argued about, in the order the report condemns them. */
export const DISCUSSED_DESIGNS: readonly DesignName[] = ["free-on-mmput", "mmget-in-bind", "free-on-unbind"];

/** One letter per property for the text grid. */
export const PROPERTY_LETTERS: Readonly<Record<string, string>> = {
  isolation: "I",
  "stale-entry": "S",
  "no-leak": "L",
  "exit-completes": "X",
  "bond-integrity": "B",
  "mm-liveness": "U",
  "quiet-after-exit": "Q",
};

/** A cell in letters: "I8 S10 L27", "OK", or "?" appended when some property is undecided. */
export function cellLetters(row: Pick<MatrixRow, "results">): string {
  const parts = row.results
    .filter((r) => r.status === "violated" && r.severity === "violation")
    .map((r) => `${PROPERTY_LETTERS[r.property] ?? r.property}${r.trace?.length ?? ""}`);
  if (row.results.some((r) => r.status === "incomplete")) parts.push("?");
  return parts.length === 0 ? "OK" : parts.join(" ");
}

/** The scenario's short name: its file name without ".yaml". */
export function scenarioId(x: { readonly file: string; readonly scenario?: string; readonly name?: string }): string {
  const base = x.file.replace(/^.*[\\/]/, "").replace(/\.ya?ml$/i, "");
  return base === "" ? (x.scenario ?? x.name ?? "") : base;
}

function kernelOf(design: string): string {
  return (DESIGNS.find((d) => d.name === design)?.kernel ?? "").replace(/^linux-/, "").replace(/\s*\(.*\)$/, "");
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Blocks of rows sharing one set of column widths, columns two spaces apart, or one space when
 * that keeps every line within `maxWidth`. Blocks are separated by an empty line.
 */
function tables(blocks: readonly (readonly (readonly string[])[])[], maxWidth = 120): string[] {
  const all = blocks.flat();
  const widths = all[0]!.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const render = (gap: number) =>
    blocks.flatMap((b, i) => [
      ...(i > 0 ? [""] : []),
      ...b.map((r) => r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]! + gap))).join("").trimEnd()),
    ]);
  const wide = render(2);
  return wide.some((l) => l.length > maxWidth) ? render(1) : wide;
}

/** The text grid: one block per IOMMU driver, then the legend. */
export function matrixText(m: Matrix): string[] {
  const designs = uniq(m.rows.map((r) => r.design));
  const iommus = uniq(m.rows.map((r) => r.iommu));
  const scenarios = uniq(m.rows.map((r) => r.file));
  const blocks = iommus.map((iommu) => [
    [`${iommu}`, ...designs],
    ["", ...designs.map((d) => kernelOf(d))],
    ...scenarios.map((file) => {
      const rows = m.rows.filter((r) => r.file === file && r.iommu === iommu);
      return [
        scenarioId(rows[0]!),
        ...designs.map((d) => {
          const r = rows.find((x) => x.design === d);
          return r === undefined ? "" : cellLetters(r);
        }),
      ];
    }),
  ]);
  const out: string[] = blocks.length > 0 ? [...tables(blocks), ""] : [];
  const used = PROPERTY_NAMES.filter((p) => p !== "quiet-after-exit").map((p) => `${PROPERTY_LETTERS[p]} ${p}`);
  out.push(`${used.join(" · ")}`);
  out.push("number: steps of its shortest counterexample · OK: every property holds · ?: incomplete (a cap was hit)");
  out.push("warnings (quiet-after-exit) are not failures and are not shown (see --json)");
  return out;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, "\\|");
}

/** GitHub Markdown: one table per IOMMU driver, cells as cellText gives them. */
export function matrixMarkdown(m: Matrix): string[] {
  const designs = uniq(m.rows.map((r) => r.design));
  const iommus = uniq(m.rows.map((r) => r.iommu));
  const scenarios = uniq(m.rows.map((r) => r.file));
  const out: string[] = [];
  for (const iommu of iommus) {
    out.push(`### ${iommu}`, "");
    out.push(`| scenario | ${designs.map((d) => `${d} (${kernelOf(d)})`).join(" | ")} |`);
    out.push(`|---|${designs.map(() => "---").join("|")}|`);
    for (const file of scenarios) {
      const rows = m.rows.filter((r) => r.file === file && r.iommu === iommu);
      const cells = designs.map((d) => {
        const r = rows.find((x) => x.design === d);
        return r === undefined ? "" : mdCell(cellText(r));
      });
      out.push(`| ${mdCell(scenarioId(rows[0]!))} | ${cells.join(" | ")} |`);
    }
    out.push("");
  }
  out.push("Cells: OK, or the violated properties with the length of their shortest counterexample; warnings (quiet-after-exit) are not shown.");
  return out;
}

export interface Condemnation {
  readonly design: DesignName;
  readonly row: MatrixRow;
  readonly verdict: PropertyVerdict & { readonly trace: NonNullable<PropertyVerdict["trace"]> };
}

/**
 * The shortest counterexample (severity violation) among a design's cells; ties go to the
 * earlier cell and the earlier property. Undefined when the design violates nothing.
 */
/**
 * What the thread condemned each design for, in order of preference: free-on-mmput for reaching
 * another process's memory, then its stale CD writes; mmget-in-bind for the leak; free-on-unbind
 * (with ENQCMD) for isolation. The condemnation shows the shortest counterexample of the first
 * of these that some cell violates, else the shortest of any violation.
 */
export const CONDEMNED_FOR: Readonly<Partial<Record<DesignName, readonly string[]>>> = {
  "free-on-mmput": ["isolation", "stale-entry"],
  "mmget-in-bind": ["no-leak"],
  "free-on-unbind": ["isolation"],
};

export function condemn(m: Matrix, design: DesignName): Condemnation | undefined {
  const pick = (wanted: readonly string[] | undefined): Condemnation | undefined => {
    let best: Condemnation | undefined;
    for (const row of m.rows) {
      if (row.design !== design) continue;
      for (const v of row.results) {
        if (v.status !== "violated" || v.severity !== "violation" || v.trace === undefined) continue;
        if (wanted !== undefined && !wanted.includes(v.property)) continue;
        if (best === undefined || v.trace.length < best.verdict.trace.length) {
          best = { design, row, verdict: v as Condemnation["verdict"] };
        }
      }
    }
    return best;
  };
  for (const property of CONDEMNED_FOR[design] ?? []) {
    const c = pick([property]);
    if (c !== undefined) return c;
  }
  return pick(undefined);
}

/** Is some cell incomplete? */
export function matrixIncomplete(m: Matrix): boolean {
  return m.rows.some((r) => !r.complete && r.results.some((x) => x.status === "incomplete"));
}
