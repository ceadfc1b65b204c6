// Export and import of adventure files over HTTP: a download of GET /api/adventures/{id}/export, and
// POST /api/adventures/import of a chosen file (an exported adventure or a KoboldAI story).
import { freshToken } from "../api";
import { h } from "../dom";

/** Downloads the adventure's export file (host or game master); throws with the server's reason. */
export async function downloadExport(adventureId: string): Promise<void> {
  const response = await fetch(`/api/adventures/${adventureId}/export`, { headers: await authorization() });
  if (!response.ok) throw new Error(await reason(response, "Could not export the adventure."));
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? "adventure.adventure.json";
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Imports a file; resolves to the new adventure's id, or throws with the field the server found wrong. */
export async function importFile(file: File): Promise<string> {
  const response = await fetch("/api/adventures/import", {
    method: "POST",
    headers: { ...(await authorization()), "Content-Type": "application/json" },
    body: file,
  });
  if (!response.ok) throw new Error(await reason(response, "Could not import the file."));
  return ((await response.json()) as { id: string }).id;
}

/** An "Export" button that reports failures through `fail`. */
export function exportButton(adventureId: () => string, fail: (text: string) => void): HTMLButtonElement {
  return h("button", {
    type: "button", class: "small",
    onclick: () => void downloadExport(adventureId()).catch((e: unknown) => fail(e instanceof Error ? e.message : String(e))),
  }, "Export");
}

/** A file picker with an "Import" label; `done` gets the new adventure's id. */
export function importPicker(done: (id: string) => void, fail: (text: string) => void): HTMLElement {
  const input = h("input", { type: "file", name: "importFile", accept: ".json,application/json" });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    void importFile(file).then(done, (e: unknown) => fail(e instanceof Error ? e.message : String(e))).finally(() => (input.value = ""));
  });
  return h("label", { class: "field import" }, h("span", {}, "Import a story (exported adventure or KoboldAI save)"), input);
}

async function authorization(): Promise<Record<string, string>> {
  const t = await freshToken();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

async function reason(response: Response, fallback: string): Promise<string> {
  if (response.status === 413) return "The file is too large (at most 2 MiB).";
  try {
    const body = (await response.json()) as { detail?: string; title?: string };
    return body.detail ?? body.title ?? fallback;
  } catch {
    return fallback;
  }
}
