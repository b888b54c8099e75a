/**
 * The scenario editor: a plain textarea with a line-number gutter and, behind the text, a band on
 * each line an error concerns; the errors (the command line's messages, file:line:col) listed
 * below it, each a button that puts the cursor where it points.
 */
import { formatError, type ScenarioError } from "../../src/index.js";
import { h } from "./dom.js";

export class YamlEditor {
  readonly textarea: HTMLTextAreaElement;
  private readonly gutter: HTMLElement;
  private readonly backdrop: HTMLElement;
  private readonly list: HTMLElement;
  private errors: readonly ScenarioError[] = [];

  constructor(root: HTMLElement, list: HTMLElement, onInput: () => void) {
    this.list = list;
    this.gutter = h("div", { class: "gutter", "aria-hidden": "true" });
    this.backdrop = h("div", { class: "backdrop", "aria-hidden": "true" });
    this.textarea = h("textarea", {
      id: "yaml",
      spellcheck: "false",
      autocomplete: "off",
      autocapitalize: "off",
      wrap: "off",
      "aria-label": "Scenario YAML",
      "aria-describedby": "errors",
    });
    root.replaceChildren(this.gutter, h("div", { class: "code" }, this.backdrop, this.textarea));
    this.textarea.addEventListener("input", () => {
      this.paint();
      onInput();
    });
    this.textarea.addEventListener("scroll", () => this.sync());
    // Tab is left alone: it moves the focus on (keyboard users are never trapped in the editor).
  }

  get text(): string {
    return this.textarea.value;
  }

  set text(v: string) {
    this.textarea.value = v;
    this.paint();
  }

  setErrors(errors: readonly ScenarioError[]): void {
    this.errors = errors;
    this.paint();
    this.list.replaceChildren(
      ...errors.map((e) =>
        h(
          "li",
          { class: "error", "data-line": e.line },
          h("button", { type: "button", class: "error-link", title: e.line > 0 ? `Go to line ${e.line}, column ${e.col}` : "" }, formatError(e)),
        ),
      ),
    );
    this.list.querySelectorAll("button.error-link").forEach((b, i) => b.addEventListener("click", () => this.goTo(errors[i]!)));
  }

  goTo(e: Pick<ScenarioError, "line" | "col">): void {
    if (e.line <= 0) return;
    const lines = this.textarea.value.split("\n");
    let pos = 0;
    for (let i = 0; i < e.line - 1 && i < lines.length; i++) pos += lines[i]!.length + 1;
    pos += Math.max(0, Math.min(e.col - 1, (lines[e.line - 1] ?? "").length));
    this.textarea.focus();
    this.textarea.setSelectionRange(pos, pos);
    const lh = parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    this.textarea.scrollTop = Math.max(0, (e.line - 3) * lh);
    this.sync();
  }

  private paint(): void {
    const n = this.textarea.value.split("\n").length;
    const bad = new Map<number, string[]>();
    for (const e of this.errors) if (e.line > 0) bad.set(e.line, [...(bad.get(e.line) ?? []), e.message]);
    const nums: HTMLElement[] = [];
    const bands: HTMLElement[] = [];
    for (let i = 1; i <= n; i++) {
      const msg = bad.get(i);
      nums.push(h("div", { class: msg ? "ln err" : "ln", title: msg?.join("\n"), "data-line": i }, msg ? `✗ ${i}` : String(i)));
      bands.push(h("div", { class: msg ? "band err" : "band" }, " "));
    }
    this.gutter.replaceChildren(...nums);
    this.backdrop.replaceChildren(...bands);
    this.sync();
  }

  private sync(): void {
    this.gutter.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
  }
}
