/**
 * The page's state in its URL: the scenario (a built-in's id, or the edited YAML deflated and
 * base64url-encoded), the design, IOMMU driver, PASID count, the property whose counterexample
 * is shown and the step. A link reproduces the exact view. DOM-free (tests run it in Node).
 */

export interface ViewState {
  /** A built-in scenario's id ("exit-while-file-open"), or the scenario's own text. */
  readonly scenario: { readonly builtin: string } | { readonly yaml: string };
  readonly design?: string;
  readonly iommu?: string;
  readonly pasids?: number;
  readonly symmetry?: boolean;
  /** The property whose counterexample is shown (the page re-runs the check to show it). */
  readonly property?: string;
  /** 0: the initial state; i: after step i. */
  readonly step?: number;
}

/** Text → deflate-raw → base64url (no padding). */
export async function packText(text: string): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function unpackText(packed: string): Promise<string> {
  const b64 = packed.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((packed.length + 3) % 4);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new TextDecoder().decode(await new Response(stream).arrayBuffer());
}

/** The query string (without "?") for a view. */
export async function encodeView(v: ViewState): Promise<string> {
  const q = new URLSearchParams();
  if ("builtin" in v.scenario) q.set("scenario", v.scenario.builtin);
  else q.set("yaml", await packText(v.scenario.yaml));
  if (v.design) q.set("design", v.design);
  if (v.iommu) q.set("iommu", v.iommu);
  if (v.pasids !== undefined) q.set("pasids", String(v.pasids));
  if (v.symmetry === false) q.set("symmetry", "off");
  if (v.property) q.set("property", v.property);
  if (v.step !== undefined && v.property) q.set("step", String(v.step));
  return q.toString();
}

/** The view a query string names; undefined when it names no scenario; an error when it is unreadable. */
export async function decodeView(search: string): Promise<ViewState | undefined | { readonly error: string }> {
  const q = new URLSearchParams(search);
  let scenario: ViewState["scenario"];
  const builtin = q.get("scenario");
  const yaml = q.get("yaml");
  if (yaml !== null) {
    try {
      scenario = { yaml: await unpackText(yaml) };
    } catch (e) {
      return { error: `the link's scenario text cannot be read (truncated link?): ${(e as Error).message}` };
    }
  } else if (builtin !== null) scenario = { builtin };
  else return undefined;
  const int = (name: string): number | undefined => {
    const s = q.get(name);
    if (s === null || !/^\d+$/.test(s)) return undefined;
    return Number(s);
  };
  const design = q.get("design");
  const iommu = q.get("iommu");
  const property = q.get("property");
  const pasids = int("pasids");
  const step = int("step");
  return {
    scenario,
    ...(design ? { design } : {}),
    ...(iommu ? { iommu } : {}),
    ...(pasids !== undefined ? { pasids } : {}),
    ...(q.get("symmetry") === "off" ? { symmetry: false } : {}),
    ...(property ? { property } : {}),
    ...(step !== undefined ? { step } : {}),
  };
}
