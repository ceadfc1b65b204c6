// The engine's live dashboard: tokens/s, queue length, batch size and time to first token, one point a
// second (the server's EngineState push), as Chart.js line charts with animation off.
import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement } from "chart.js";
import type { EngineStateView } from "../contracts";
import { field, h, say } from "../dom";

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale);

const samples = 60;

interface Series { key: keyof EngineStateView; label: string; color: string }

const series: Series[] = [
  { key: "tokensPerSecond", label: "Tokens per second", color: "#2563eb" },
  { key: "queueLength", label: "Queue length", color: "#dc2626" },
  { key: "batchSize", label: "Batch size", color: "#16a34a" },
  { key: "timeToFirstTokenP50Ms", label: "Time to first token (p50, ms)", color: "#9333ea" },
];

export class Dashboard {
  readonly element = h("section", { class: "dashboard", "aria-labelledby": "engine-title" });
  private readonly charts: Chart[] = [];
  private readonly summary = h("p", { class: "meta", role: "status" }, "Waiting for the engine…");
  private readonly labels: string[] = [];

  /** `switchModel` asks the server to serve another model (a folder, hf:NAME, or "" for the default). */
  constructor(switchModel: (model: string) => Promise<string>) {
    const grid = h("div", { class: "charts" });
    const model = h("input", { name: "model", placeholder: "hf:gpt2, a folder, or empty for the default" });
    const result = h("p", { class: "message", role: "alert", hidden: true });
    const form = h("form", {
      class: "switch-model",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        say(result, "Loading the model…", "info");
        try {
          say(result, `Now serving ${await switchModel(model.value.trim())}.`, "info");
        } catch (err) {
          say(result, err instanceof Error ? err.message : String(err));
        }
      },
    }, h("div", { class: "row" }, field("Model", model), h("button", { type: "submit" }, "Switch model")), result);
    this.element.append(h("h2", { id: "engine-title" }, "Engine"), this.summary, grid, form);
    for (const s of series) {
      const canvas = h("canvas", { role: "img", "aria-label": s.label });
      grid.append(h("figure", { class: "chart" }, h("figcaption", {}, s.label), h("div", { class: "chart-box" }, canvas)));
      this.charts.push(new Chart(canvas, {
        type: "line",
        data: { labels: this.labels, datasets: [{ label: s.label, data: [], borderColor: s.color, backgroundColor: s.color, pointRadius: 0, borderWidth: 2, tension: 0 }] },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { beginAtZero: true } },
          plugins: { legend: { display: false } },
        },
      }));
    }
  }

  /** Adds one sample to every chart (the oldest drops off after a minute). */
  add(state: EngineStateView): void {
    this.labels.push(new Date().toLocaleTimeString([], { minute: "2-digit", second: "2-digit" }));
    if (this.labels.length > samples) this.labels.shift();
    series.forEach((s, i) => {
      const data = this.charts[i]!.data.datasets[0]!.data as number[];
      data.push(Number(state[s.key]));
      if (data.length > samples) data.shift();
      this.charts[i]!.update("none");
    });
    this.summary.textContent = `${state.modelName}: ${state.liveContinuations} writing, queue ${state.queueLength}, batch ${state.batchSize}, ` +
      `${state.tokensPerSecond.toFixed(1)} tokens/s, first token ${state.timeToFirstTokenP50Ms.toFixed(0)} ms, cache ${(state.cacheUse * 100).toFixed(0)}%, ` +
      `prompt tokens reused ${state.promptTokensReused} of ${state.promptTokensReused + state.promptTokensPrefilled}`;
  }
}
