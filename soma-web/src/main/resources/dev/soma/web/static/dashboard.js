// The training dashboard: polls the run's record (GET /api/runs/ID) twice a second and draws it.
"use strict";

const $ = (id) => document.getElementById(id);
let runId = null, lastVersion = -1;

async function getJSON(path) {
  const r = await fetch(path);
  const data = await r.json().catch(() => ({error: "HTTP " + r.status}));
  if (!r.ok) throw new Error(data.error || "HTTP " + r.status);
  return data;
}

function banner(text) {
  $("banner").textContent = text || "";
  $("banner").classList.toggle("hidden", !text);
}

function show(canvas, series, opts) {
  Chart.draw($(canvas), series, opts);
  Chart.keys($(canvas + "Keys"), series);
}

function render(run) {
  const epochs = run.epochs || [];
  const last = epochs[epochs.length - 1];
  $("title").textContent = run.title || "";
  $("status").textContent = run.status;
  $("epoch").textContent = (last ? last.epoch : 0) + " / " + run.epochs_planned;
  $("step").textContent = run.step === undefined ? "–" : run.step.toLocaleString("en");
  $("speed").textContent = last ? Math.round(last.samples_per_second).toLocaleString("en") : "–";
  $("lr").textContent = last ? Number(last.learning_rate).toPrecision(3) : "–";
  if (run.message) banner(run.message); else banner("");
  const ep = (key) => epochs.map((e) => [e.step !== undefined ? e.step : e.epoch, e[key]]);
  const x = epochs.length && epochs[0].step !== undefined && run.batches.length ? "steps" : "epochs";
  show("loss", [
    {name: "batch", points: run.batches.map((b) => [b.step, b.loss]), color: "#9fb3c4", width: 1},
    {name: "train (epoch)", points: ep("train_loss"), color: "#0877bd", dots: true},
    {name: "dev (epoch)", points: ep("dev_loss"), color: "#f59322", dots: true}], {xLabel: x, zero: true});
  show("accuracy", [
    {name: "batch", points: run.batches.map((b) => [b.step, b.accuracy]), color: "#9fb3c4", width: 1},
    {name: "train (epoch)", points: ep("train_accuracy"), color: "#0877bd", dots: true},
    {name: "dev (epoch)", points: ep("dev_accuracy"), color: "#f59322", dots: true}], {xLabel: x});
  const names = Object.keys(run.norms || {});
  show("grads", names.map((n) => ({name: n, points: run.norms[n].map((p) => [p.step, p.grad_norm])})), {log: true, xLabel: "steps"});
  show("weights", names.map((n) => ({name: n, points: run.norms[n].map((p) => [p.step, p.weight_norm])})), {xLabel: "steps"});
  const maxSpeed = Math.max(1, ...epochs.map((e) => e.samples_per_second));
  const maxLr = Math.max(1e-12, ...epochs.map((e) => e.learning_rate));
  show("rate", [
    {name: "learning rate (max " + maxLr.toPrecision(3) + ")", points: epochs.map((e) => [e.epoch, e.learning_rate / maxLr]), dots: true},
    {name: "samples/s (max " + Math.round(maxSpeed).toLocaleString("en") + ")", points: epochs.map((e) => [e.epoch, e.samples_per_second / maxSpeed]), dots: true}],
    {xLabel: "epochs", zero: true});
  histograms(run.histograms || {});
  if (run.result) result(run.result);
}

function histograms(h) {
  const el = $("hist");
  const names = Object.keys(h);
  if (el.dataset.names !== names.join(",")) {
    el.innerHTML = names.map((n) => `<figure><canvas width="170" height="60" data-name="${n}"></canvas><figcaption></figcaption></figure>`).join("");
    el.dataset.names = names.join(",");
  }
  for (const fig of el.querySelectorAll("figure")) {
    const c = fig.querySelector("canvas"), d = h[c.dataset.name];
    const ctx = c.getContext("2d"), max = Math.max(1, ...d.counts);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.fillStyle = "#0877bd";
    const bw = c.width / d.counts.length;
    d.counts.forEach((v, i) => ctx.fillRect(i * bw, c.height - v / max * (c.height - 2), bw - 1, v / max * (c.height - 2)));
    fig.querySelector("figcaption").textContent = `${c.dataset.name}: ${Number(d.min).toPrecision(2)} … ${Number(d.max).toPrecision(2)}`;
  }
}

function result(r) {
  if (r.confusion) {
    const m = r.confusion, max = Math.max(1, ...m.flat());
    let html = `<p>Test accuracy <b>${(100 * r.test_accuracy).toFixed(2)} %</b>, loss ${r.test_loss === null ? "–" : r.test_loss.toFixed(4)}. Rows: true class; columns: predicted.</p><table><tr><th></th>`;
    html += r.classes.map((c) => `<th>${c}</th>`).join("") + "</tr>";
    m.forEach((row, i) => {
      html += `<tr><th>${r.classes[i]}</th>` + row.map((v, j) => {
        const a = v / max, bg = i === j ? `rgba(8,119,189,${0.1 + 0.9 * a})` : `rgba(245,147,34,${v ? 0.15 + 0.85 * a : 0})`;
        return `<td style="background:${bg};color:${a > 0.5 ? "#fff" : "#222"}">${v}</td>`;
      }).join("") + "</tr>";
    });
    $("confusion").innerHTML = html + "</table>";
  } else if (r.test_accuracy !== undefined) {
    $("confusion").innerHTML = `<p>Test accuracy <b>${(100 * r.test_accuracy).toFixed(2)} %</b>.</p>`;
  }
  const wrong = r.misclassified || [];
  if (!wrong.length) return;
  const el = $("wrong");
  el.innerHTML = "";
  for (const e of wrong) {
    const fig = document.createElement("figure");
    const c = document.createElement("canvas");
    c.width = e.width; c.height = e.height;
    const px = Uint8Array.from(atob(e.pixels), (ch) => ch.charCodeAt(0));
    const img = c.getContext("2d").createImageData(e.width, e.height);
    for (let i = 0; i < px.length; i++) { img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = 255 - px[i]; img.data[4 * i + 3] = 255; }
    c.getContext("2d").putImageData(img, 0, 0);
    fig.appendChild(c);
    const cap = document.createElement("figcaption");
    const name = (k) => r.classes ? r.classes[k] : k;
    cap.textContent = `#${e.index}: ${name(e.label)} → ${name(e.predicted)}`;
    fig.appendChild(cap);
    el.appendChild(fig);
  }
}

async function poll() {
  try {
    if (runId !== null) {
      const run = await getJSON(`/api/runs/${encodeURIComponent(runId)}`);
      const v = run.version === undefined ? 0 : run.version;   // records read from files do not change
      if (v !== lastVersion) {
        lastVersion = v;
        render(run);
      }
    }
  } catch (e) {
    banner("The training server stopped answering: " + e.message);
  }
  setTimeout(poll, 500);
}

(async function main() {
  const list = await getJSON("/api/runs");
  for (const r of list.runs) $("run").add(new Option(r.title + " (" + r.id + ")", r.id));
  $("run").addEventListener("change", (e) => { runId = e.target.value; lastVersion = -1; });
  const fromHash = decodeURIComponent(location.hash.replace(/^#run=/, ""));
  runId = list.runs.some((r) => r.id === fromHash) ? fromHash : (list.runs[0] ? list.runs[0].id : null);
  if (runId !== null) $("run").value = runId;
  if (!list.runs.length) banner("No runs to show.");
  poll();
})();
