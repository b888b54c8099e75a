/**
 * End-to-end: the built explorer (web/dist, built by global-setup.ts) served by web/serve.mjs on
 * 127.0.0.1 and driven in Debian's Chromium through playwright-core. Screenshots go to
 * artifacts/screenshots/ (CI keeps them as artifacts); measurements to artifacts/web-metrics.json.
 *
 * Chromium is not optional: without /usr/bin/chromium these tests fail and say how to install it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BUILTIN_SCENARIO_FILES, cellText, formatError, parseScenario, runMatrix } from "../../src/index.js";
import { serveUi, type RunningUi } from "../../web/serve.mjs";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = "artifacts/screenshots";
const METRICS = "artifacts/web-metrics.json";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

let browser: Browser;
let ui: RunningUi;
let sharedUrl = "";
const metrics: Record<string, unknown> = {};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, which is missing. Install it with:\n` +
        `    sudo apt-get update && sudo apt-get install -y chromium\n` +
        `(.ci/run does this in CI; no browser is ever downloaded through npm.)`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  ui = await serveUi({ port: 0, host: "127.0.0.1", quiet: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await ui?.close();
  if (Object.keys(metrics).length > 0) {
    mkdirSync("artifacts", { recursive: true });
    writeFileSync(METRICS, JSON.stringify(metrics, null, 2) + "\n");
  }
});

async function open(query = "", opts: { colorScheme?: "light" | "dark"; width?: number; height?: number } = {}): Promise<{ page: Page; ctx: BrowserContext; errors: string[] }> {
  const ctx = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? "light",
    acceptDownloads: true,
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(ui.url + query);
  await page.waitForSelector("body[data-ready]");
  return { page, ctx, errors };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const verdict = (page: Page, property: string) => page.locator(`tr.verdict[data-property="${property}"] td.status`);
const stepInfo = (page: Page) => page.locator("#stepinfo");

describe("explorer in Chromium", () => {
  test("free-on-mmput on arm-smmu-v3, exit-while-file-open: isolation violated; at the violating step PASID 1 is mm B's while A's queue uses it", async () => {
    const { page, ctx, errors } = await open();
    await page.selectOption("#scenario", "exit-while-file-open.yaml");
    await page.selectOption("#design", "free-on-mmput");
    await page.selectOption("#iommu", "arm-smmu-v3");
    await page.click("#check");
    await expect.poll(() => verdict(page, "isolation").textContent(), { timeout: 30_000 }).toBe("VIOLATED");
    expect(await verdict(page, "exit-completes").textContent()).toBe("holds");
    // Warnings are apart from the properties.
    expect(await page.locator("table.verdicts").nth(1).locator("caption").textContent()).toContain("Warnings");

    await page.click('button.show-trace[data-property="isolation"]');
    await expect.poll(() => stepInfo(page).textContent()).toBe("step 0 of 8");
    await shot(page, "01-initial-state");
    // Step forward with the keyboard to the violating step.
    await page.locator("#trace").focus();
    for (let i = 1; i <= 8; i++) {
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => stepInfo(page).textContent()).toBe(`step ${i} of 8`);
    }
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => stepInfo(page).textContent()).toBe("step 7 of 8");
    await page.click("#jump");
    await expect.poll(() => stepInfo(page).textContent()).toBe("step 8 of 8");
    expect(await page.locator(".tl-step.current").getAttribute("data-step")).toBe("8");
    expect(await page.locator(".step-head .violates").first().textContent()).toContain("isolation");

    // The shared PASID: owned by mm B while A's queue is bound at it.
    const notes = await page.locator(".shared-note").allTextContents();
    expect(notes).toContain("⚠ shared PASID: PASID 1 is owned by mm B, but queue A:q (acc0) is bound to mm A at PASID 1");
    const row = page.locator('.pasid-table tr.shared[data-pasid="1"]');
    expect(await row.locator("td").nth(0).textContent()).toBe("mm B");
    expect(await row.locator("td").nth(2).textContent()).toContain("A:q (acc0) → mm A, UACCE_Q_STARTED");
    // In the object graph: PASID 1's owner reference points at mm B; A's queue says PASID 1.
    const owner = page.locator('.graph-svg path.edge[data-from="pasid1"]');
    expect(await owner.count()).toBeGreaterThan(0);
    const mmB = await page.locator(".graph-svg g.node.kind-mm").filter({ hasText: "mm B" }).getAttribute("data-id");
    expect(await owner.first().getAttribute("data-to")).toBe(mmB);
    expect(await page.locator('.graph-svg g.node[data-id="file0"]').textContent()).toContain("PASID 1");

    // The matrix for this scenario fills in; this combination's cell says what the verdicts say.
    await expect.poll(() => page.locator("#matrix-body .cell.pending").count(), { timeout: 60_000 }).toBe(0);
    const cell = page.locator('#matrix-body .cell[data-design="free-on-mmput"][data-iommu="arm-smmu-v3"]');
    expect(await cell.textContent()).toContain("isolation(8)");
    const parsed = parseScenario(readFileSync("scenarios/exit-while-file-open.yaml", "utf8"), "<built-in>/exit-while-file-open.yaml");
    if (!parsed.ok) throw new Error("parse");
    for (const row of runMatrix([parsed.scenario], { symmetry: true }).rows) {
      const shown = await page.locator(`#matrix-body .cell[data-design="${row.design}"][data-iommu="${row.iommu}"]`).textContent();
      expect(shown, `${row.design} × ${row.iommu}`).toBe(cellText(row));
    }
    await shot(page, "02-isolation-violating-step");

    sharedUrl = page.url();
    expect(sharedUrl).toContain("scenario=exit-while-file-open");
    expect(sharedUrl).toContain("property=isolation");
    expect(sharedUrl).toContain("step=8");
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test("a shared link reproduces the same view: it re-runs the check and shows the same step", async () => {
    expect(sharedUrl, "depends on the first test's URL").not.toBe("");
    const { page, ctx, errors } = await open(sharedUrl.slice(ui.url.length));
    await expect.poll(() => stepInfo(page).textContent(), { timeout: 30_000 }).toBe("step 8 of 8");
    expect(await page.inputValue("#design")).toBe("free-on-mmput");
    expect(await page.inputValue("#iommu")).toBe("arm-smmu-v3");
    expect(await page.locator("#trace-h").textContent()).toBe("isolation: 8 steps");
    expect(await page.locator(".tl-step.current").getAttribute("data-step")).toBe("8");
    expect(await page.locator(".shared-note").first().textContent()).toContain("PASID 1 is owned by mm B");
    await shot(page, "03-shared-link");
    expect(page.url()).toBe(sharedUrl);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test("a broken YAML: the command line's message, at its line in the editor", async () => {
    const { page, ctx } = await open();
    const text = [
      "name: broken",
      "devices:",
      "  - { name: acc0, driver: uacce }",
      "processes:",
      "  - name: A",
      "    program: [open acc0 as q, mmapp q, exit]",
      "  - name: B",
      "    program: [open acc1 as q, exit]",
      "",
    ].join("\n");
    await page.fill("#yaml", text);
    const parsed = parseScenario(text, "<input>");
    expect(parsed.ok).toBe(false);
    const expected = parsed.ok ? [] : parsed.errors.map(formatError);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator("#errors li").allTextContents()).toEqual(expected);
    expect(await page.inputValue("#scenario")).toBe("<input>");
    expect(await page.locator("#check").isDisabled()).toBe(true);
    // The gutter marks the lines the errors are at.
    const lines = parsed.ok ? [] : [...new Set(parsed.errors.map((e) => e.line))];
    expect(lines).toContain(6);
    for (const l of lines) expect(await page.locator(`.gutter .ln[data-line="${l}"]`).getAttribute("class")).toContain("err");
    expect(await page.locator(".gutter .ln.err").count()).toBe(lines.length);
    // Clicking an error puts the cursor on its line.
    await page.locator("#errors button").first().click();
    const caretLine = await page.$eval("#yaml", (t) => {
      const area = t as unknown as { value: string; selectionStart: number };
      return area.value.slice(0, area.selectionStart).split("\n").length;
    });
    expect(caretLine).toBe(parsed.ok ? 0 : parsed.errors[0]!.line);
    await shot(page, "04-broken-yaml");
    // The pasted text lives in the URL (compressed) and comes back from it.
    const { page: again, ctx: ctx2 } = await open(page.url().slice(ui.url.length));
    expect(await again.inputValue("#yaml")).toBe(text);
    await expect.poll(() => again.locator("#errors li").allTextContents()).toEqual(expected);
    await ctx2.close();
    await ctx.close();
  });

  test("mmget-in-bind, kill-with-mmap: the leak's reference cycle is drawn as a cycle (dark scheme)", async () => {
    const { page, ctx, errors } = await open("?scenario=kill-with-mmap&design=mmget-in-bind&iommu=arm-smmu-v3&pasids=2&property=no-leak&step=0", { colorScheme: "dark" });
    await expect.poll(() => page.locator("#trace-h").textContent(), { timeout: 30_000 }).toMatch(/^no-leak: \d+ steps$/);
    await page.click("#last");
    expect(await page.locator(".cycle-text").first().textContent()).toBe("mm A → VMA of A:q → file A:q → bond acc0 ↔ mm A → mm A");
    expect(await page.locator(".cycle-svg").count()).toBe(1);
    expect(await page.locator(".graph-svg path.edge.cycle").count()).toBe(4);
    await shot(page, "05-leak-cycle-dark");
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test("download the trace as JSON and load it back", async () => {
    const { page, ctx, errors } = await open("?scenario=exit-while-file-open&design=free-on-mmput&iommu=arm-smmu-v3&pasids=2&property=stale-entry&step=3");
    await expect.poll(() => stepInfo(page).textContent(), { timeout: 30_000 }).toBe("step 3 of 10");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(download.suggestedFilename()).toBe("exit-while-file-open.free-on-mmput.arm-smmu-v3.stale-entry.json");
    const path = join("artifacts", download.suggestedFilename());
    await download.saveAs(path);
    const saved = JSON.parse(readFileSync(path, "utf8"));
    expect(saved).toMatchObject({ format: "sva-lab-trace", version: 1, design: "free-on-mmput", iommu: "arm-smmu-v3", property: "stale-entry" });
    expect(saved.actions).toHaveLength(10);

    const fresh = await open("", { colorScheme: "light" });
    await fresh.page.setInputFiles("#load", path);
    await expect.poll(() => fresh.page.locator("#trace-h").textContent()).toBe("stale-entry: 10 steps");
    expect(await fresh.page.inputValue("#design")).toBe("free-on-mmput");
    expect(await fresh.page.locator("#status").textContent()).toContain("replayed");
    await fresh.page.click("#jump");
    expect(await fresh.page.locator(".step-head .violates").first().textContent()).toContain("stale-entry");
    await shot(fresh.page, "06-loaded-trace");
    expect([...errors, ...fresh.errors]).toEqual([]);
    await fresh.ctx.close();
    await ctx.close();
  });

  test("keyboard only: Tab to the controls, run a check with Enter, step with the arrow keys; focus is visible", async () => {
    const { page, ctx } = await open("?scenario=forked-fd&design=free-on-mmput&iommu=arm-smmu-v3");
    // (Expressions as strings: this file is type-checked without the DOM library.)
    const focusedId = () => page.evaluate<string>('document.activeElement?.id ?? ""');
    const seen: string[] = [];
    for (let i = 0; i < 12 && (await focusedId()) !== "check"; i++) {
      await page.keyboard.press("Tab");
      seen.push(await focusedId());
    }
    expect(seen).toEqual(expect.arrayContaining(["scenario", "design", "iommu", "pasids", "symmetry", "check"]));
    expect(seen.indexOf("scenario")).toBeLessThan(seen.indexOf("check"));
    const outline = await page.evaluate<string>("getComputedStyle(document.activeElement).outlineStyle");
    expect(outline).toBe("solid");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#trace-h").textContent(), { timeout: 30_000 }).toMatch(/: \d+ steps$/);
    // Tab on to the first trace button, open it with Enter, step with the arrows.
    let onTrace = false;
    for (let i = 0; i < 20 && !onTrace; i++) {
      await page.keyboard.press("Tab");
      onTrace = await page.evaluate<boolean>('document.activeElement?.classList.contains("show-trace") ?? false');
    }
    expect(onTrace).toBe(true);
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await stepInfo(page).textContent()).toMatch(/^step 2 of \d+$/);
    await page.keyboard.press("End");
    const n = Number(/of (\d+)/.exec((await stepInfo(page).textContent()) ?? "")?.[1]);
    expect(await stepInfo(page).textContent()).toBe(`step ${n} of ${n}`);
    await shot(page, "07-keyboard");
    await ctx.close();
  });

  test("cancel: a running check stops and claims nothing", async () => {
    const { page, ctx } = await open("?scenario=five-drivers&symmetry=off");
    await page.click("#check");
    await expect.poll(() => page.locator("#cancel").isDisabled()).toBe(false);
    await page.click("#cancel");
    await expect.poll(() => page.locator("#status").textContent()).toContain("cancelled");
    expect(await page.locator("#cancel").isDisabled()).toBe(true);
    expect(await page.locator("tr.verdict").count()).toBe(0);
    await ctx.close();
  });

  test("measured: time to the first verdict for the largest built-in (five-drivers, symmetry on) and the bundle size", async () => {
    expect(BUILTIN_SCENARIO_FILES).toContain("five-drivers.yaml");
    const { page, ctx } = await open("?scenario=five-drivers");
    const started = Date.now();
    await page.click("#check");
    await expect.poll(() => page.locator("#status").getAttribute("data-verdict-ms"), { timeout: 60_000 }).not.toBeNull();
    const wall = Date.now() - started;
    const inPage = Number(await page.locator("#status").getAttribute("data-verdict-ms"));
    const status = (await page.locator("#status").textContent()) ?? "";
    const states = Number(/([\d,]+) states/.exec(status)?.[1]?.replace(/,/g, ""));
    expect(states).toBeGreaterThan(100_000);
    expect(await verdict(page, "isolation").textContent()).toBe("holds");
    await shot(page, "08-five-drivers-verdict");

    const assets = join("web", "dist", "assets");
    const files = readdirSync(assets).map((f) => {
      const body = readFileSync(join(assets, f));
      return { file: f, bytes: statSync(join(assets, f)).size, gzip: gzipSync(body, { level: 9 }).length };
    });
    const sum = (pred: (f: string) => boolean, k: "bytes" | "gzip") => files.filter((f) => pred(f.file)).reduce((a, f) => a + f[k], 0);
    Object.assign(metrics, {
      fiveDrivers: { states, verdictMsInPage: inPage, verdictMsWall: wall, status },
      bundle: {
        files,
        pageBytes: sum((f) => !f.startsWith("worker"), "bytes"),
        pageGzip: sum((f) => !f.startsWith("worker"), "gzip"),
        workerBytes: sum((f) => f.startsWith("worker"), "bytes"),
        workerGzip: sum((f) => f.startsWith("worker"), "gzip"),
        totalGzip: sum(() => true, "gzip"),
      },
    });
    console.log(`five-drivers: first verdict ${inPage} ms after Check (${states} states); bundle ${JSON.stringify(metrics.bundle)}`);
    await ctx.close();
  });
});
