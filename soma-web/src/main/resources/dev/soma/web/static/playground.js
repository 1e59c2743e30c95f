// The playground page: its state lives in the URL (#key=value&…), its session on the server. Controls send
// settings and commands to the JSON API; frames arrive as Server-Sent Events and are drawn as they come.
"use strict";

const $ = (id) => document.getElementById(id);
const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100];
const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const PAGE_KEYS = {showTestData: false, discretize: false};
const ICONS = ["circles", "xor", "gaussians", "spiral", "plane", "multigauss"];

let options = null, session = null, settings = null, page = {...PAGE_KEYS};
let frame = null, points = null, pointsVersion = -1, history = [], stream = null;
const stats = {frames: 0, first: 0, last: 0, recent: []};
window.somaStats = stats;

async function api(method, path, body, type) {
  const init = {method, headers: {}};
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers["Content-Type"] = type || "application/json";
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({error: "HTTP " + res.status}));
  if (!res.ok) throw new Error(data.error || ("HTTP " + res.status));
  return data;
}

function banner(text, kind) {
  const b = $("banner");
  b.textContent = text || "";
  b.className = "banner" + (kind ? " " + kind : "") + (text ? "" : " hidden");
}

// ---- the URL ----------------------------------------------------------------------------------------------------
function readHash() {
  const s = {}, p = {...PAGE_KEYS};
  const defaults = options.defaults;
  for (const part of location.hash.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const k = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const v = decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1));
    if (k in PAGE_KEYS) { p[k] = v === "true"; continue; }
    const d = defaults[k];
    if (Array.isArray(d)) s[k] = v === "" ? [] : v.split(",").map((x) => k === "layers" ? Number(x) : x);
    else if (typeof d === "number") s[k] = Number(v);
    else s[k] = v;
  }
  return {settings: s, page: p};
}

function writeHash() {
  const parts = [];
  for (const [k, v] of Object.entries(settings)) parts.push(k + "=" + encodeURIComponent(Array.isArray(v) ? v.join(",") : v));
  for (const k of Object.keys(PAGE_KEYS)) parts.push(k + "=" + page[k]);
  const hash = "#" + parts.join("&");
  if (location.hash !== hash) history_replace(hash);
}

function history_replace(hash) {
  window.history.replaceState(null, "", hash);
}

// ---- the session ------------------------------------------------------------------------------------------------
async function openSession(wanted) {
  let res;
  try {
    res = await api("POST", "/api/sessions", wanted);
  } catch (e) {
    banner(e.message + " — the link's set-up could not be used; the defaults are shown instead.");
    res = await api("POST", "/api/sessions", {});
  }
  session = res.id;
  settings = res.settings;
  $("export").href = `/api/sessions/${session}/model.safetensors`;
  $("export-onnx").href = `/api/sessions/${session}/model.onnx`;
  history = [];
  if (stream) stream.close();
  stream = new EventSource(`/api/sessions/${session}/events`);
  stream.addEventListener("frame", (e) => onFrame(JSON.parse(e.data)));
  stream.onerror = () => {
    if (stream.readyState === EventSource.CLOSED) openSession(settings);   // the session expired: start again
  };
}

async function command(name) {
  try {
    onFrame(await api("POST", `/api/sessions/${session}/${name}`));
  } catch (e) {
    banner(e.message);
  }
}

async function change(partial) {
  try {
    onFrame(await api("POST", `/api/sessions/${session}/settings`, partial));
    if (frame.status !== "diverged") banner("");
  } catch (e) {
    banner(e.message);
    syncControls();
  }
}

// ---- frames -----------------------------------------------------------------------------------------------------
async function onFrame(f) {
  // answers to commands and stream events can cross: a frame older than the one shown is dropped
  if (frame && f.session === frame.session && f.seq <= frame.seq) return;
  const now = performance.now();
  stats.frames++;
  if (!stats.first) stats.first = now;
  stats.last = now;
  stats.recent.push(now);
  while (stats.recent.length && now - stats.recent[0] > 1000) stats.recent.shift();
  if (frame && (f.netVersion !== frame.netVersion || f.epoch < frame.epoch || f.dataVersion !== frame.dataVersion)) history = [];
  frame = f;
  settings = f.settings;
  if (!history.length || history[history.length - 1].epoch !== f.epoch) {
    history.push({epoch: f.epoch, train: f.trainLoss, test: f.testLoss});
    if (history.length > 600) history = history.filter((_, i) => i % 2 === 0);
  }
  if (f.dataVersion !== pointsVersion) {
    pointsVersion = f.dataVersion;
    loadPoints();
  }
  render();
  syncControls();
  writeHash();
}

async function loadPoints() {
  const p = await api("GET", `/api/sessions/${session}/points`);
  let max = 1e-6;
  if (p.problem === "regression") for (let i = 2; i < p.train.length; i += 3) max = Math.max(max, Math.abs(p.train[i]));
  p.maxAbs = max;
  points = p;
  Draw.points($("pts"), points, page.showTestData);
}

function fmt(v) {
  return v === null || v === undefined ? "–" : v.toFixed(3);
}

function render() {
  const f = frame;
  const output = Draw.decode(f.output);
  const multi = f.problem === "classification" && f.classes > 2;
  Draw.heat($("heat"), output, 0, f.grid, {
    discretize: page.discretize && f.problem === "classification",
    classes: multi ? f.classes : 0, winner: multi ? Draw.decode(f.outputClass) : null});
  Net.update(f, Draw.decode(f.neurons), options.features, options.activations, page);
  Draw.curve($("curve"), history);
  Draw.legend($("legend"), f.problem, f.classes);
  $("epoch").textContent = String(f.epoch).padStart(6, "0").replace(/(\d{3})$/, ",$1");
  $("trainLoss").textContent = fmt(f.trainLoss);
  $("testLoss").textContent = fmt(f.testLoss);
  $("eps").textContent = Math.round(f.epochsPerSecond);
  $("fps").textContent = stats.recent.length;
  $("play").classList.toggle("playing", f.status === "playing");
  $("play").dataset.status = f.status;
  if (f.status === "diverged") banner(f.message);
}

// ---- controls ---------------------------------------------------------------------------------------------------
function fillSelect(id, values, label) {
  const sel = $(id);
  sel.innerHTML = "";
  for (const v of values) sel.add(new Option(label ? label(v) : String(v), String(v)));
}

function syncControls() {
  const s = settings;
  const setSel = (id, v) => {
    const sel = $(id);
    if (![...sel.options].some((o) => o.value === String(v))) sel.add(new Option(String(v), String(v)));
    sel.value = String(v);
  };
  setSel("learningRate", s.learningRate);
  setSel("regularizationRate", s.regularizationRate);
  setSel("optimizer", s.optimizer);
  setSel("schedule", s.schedule);
  $("regularization").value = s.regularization;
  $("problem").value = s.problem;
  const uniform = s.activations.every((a) => a === s.activations[0]);
  setSel("activation", uniform && s.activations.length ? s.activations[0] : "mixed");
  const losses = s.problem === "classification" ? ["mse", "cross_entropy"] : ["mse", "mae", "huber"];
  fillSelect("loss", losses, (v) => ({mse: "squared error", cross_entropy: "cross-entropy", mae: "absolute error",
    huber: "Huber"})[v]);
  $("loss").value = s.loss;
  for (const k of ["trainRatio", "noise", "batchSize", "dropout", "classes"]) {
    $(k).value = s[k];
    $(k + "Value").textContent = k === "trainRatio" || k === "noise" ? s[k] + "%" : s[k];
  }
  $("classes").disabled = !(s.dataset === "gaussians" || s.dataset === "spiral");
  $("showTestData").checked = page.showTestData;
  $("discretize").checked = page.discretize;
  $("layerCount").textContent = s.layers.length;
  for (const c of document.querySelectorAll(".datasets canvas")) c.classList.toggle("selected", c.dataset.name === s.dataset);
}

function wire() {
  fillSelect("learningRate", LEARNING_RATES);
  fillSelect("regularizationRate", REG_RATES);
  fillSelect("activation", options.activations);
  fillSelect("optimizer", options.optimizers);
  for (const name of ICONS) {
    const c = document.createElement("canvas");
    c.width = 60; c.height = 60; c.dataset.name = name; c.title = name;
    Draw.icon(c, name);
    c.addEventListener("click", () => {
      const regression = name === "plane" || name === "multigauss";
      const multi = name === "gaussians" || name === "spiral";
      const p = {dataset: name, problem: regression ? "regression" : "classification", classes: multi ? settings.classes : 2};
      if (regression && settings.loss === "cross_entropy") p.loss = "mse";
      change(p);
    });
    $("datasets").appendChild(c);
  }
  $("play").addEventListener("click", () => command(frame && frame.status === "playing" ? "pause" : "play"));
  $("step").addEventListener("click", () => command("step"));
  $("reset").addEventListener("click", () => { history = []; banner(""); command("reset"); });
  $("regenerate").addEventListener("click", () => command("regenerate"));
  $("learningRate").addEventListener("change", (e) => change({learningRate: Number(e.target.value)}));
  $("regularizationRate").addEventListener("change", (e) => change({regularizationRate: Number(e.target.value)}));
  $("regularization").addEventListener("change", (e) => change({regularization: e.target.value}));
  $("optimizer").addEventListener("change", (e) => change({optimizer: e.target.value}));
  $("schedule").addEventListener("change", (e) => change({schedule: e.target.value}));
  $("loss").addEventListener("change", (e) => change({loss: e.target.value}));
  $("activation").addEventListener("change", (e) => change({activation: e.target.value}));
  $("problem").addEventListener("change", (e) => change(e.target.value === "regression"
    ? {problem: "regression", dataset: "plane", classes: 2, loss: "mse"} : {problem: "classification", dataset: "circles", classes: 2}));
  for (const k of ["trainRatio", "noise", "batchSize", "classes"]) {
    $(k).addEventListener("change", (e) => change({[k]: Number(e.target.value)}));
    $(k).addEventListener("input", (e) => { $(k + "Value").textContent = e.target.value + (k === "trainRatio" || k === "noise" ? "%" : ""); });
  }
  $("dropout").addEventListener("change", (e) => change({dropout: Number(e.target.value)}));
  $("showTestData").addEventListener("change", (e) => {
    page.showTestData = e.target.checked;
    Draw.points($("pts"), points, page.showTestData);   // the points layer is redrawn only when it changes
    writeHash();
  });
  $("discretize").addEventListener("change", (e) => { page.discretize = e.target.checked; render(); writeHash(); });
  $("addLayer").addEventListener("click", () => {
    if (settings.layers.length >= options.maxLayers) return;
    const acts = settings.activations.length ? settings.activations : ["tanh"];
    change({layers: [...settings.layers, 2], activations: [...acts.slice(0, settings.layers.length), acts[acts.length - 1]]});
  });
  $("removeLayer").addEventListener("click", () => {
    if (!settings.layers.length) return;
    change({layers: settings.layers.slice(0, -1), activations: settings.activations.slice(0, -1)});
  });
  $("csv").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    if (file.size > options.maxBody) { banner(`${file.name}: ${file.size} bytes exceeds the limit of ${options.maxBody} bytes`); return; }
    try {
      onFrame(await api("POST", `/api/sessions/${session}/data`, await file.text(), "text/csv"));
      banner(`Loaded ${file.name}.`, "info");
    } catch (err) {
      banner(`${file.name}: ${err.message}`);
    }
  });
  Net.init($("net"), {
    toggleFeature: (name) => {
      const on = settings.features.includes(name);
      const next = on ? settings.features.filter((f) => f !== name) : [...settings.features, name];
      if (next.length) change({features: next});
    },
    neurons: (layer, delta) => {
      const layers = [...settings.layers];
      layers[layer] = Math.max(1, Math.min(options.maxNeurons, layers[layer] + delta));
      change({layers, activations: settings.activations});
    },
    layerActivation: (layer, name) => {
      const acts = [...settings.activations];
      acts[layer] = name;
      change({activations: acts});
    },
    editWeight: openEditor,
  });
  window.addEventListener("pagehide", () => { if (session) navigator.sendBeacon(`/api/sessions/${session}/close`); });
}

function openEditor(e, layer, to, from, value) {
  const ed = $("editor"), input = $("editorValue");
  $("editorLabel").textContent = `Weight of layer ${layer + 1}, neuron ${to + 1} ← input ${from + 1}`;
  ed.style.left = e.pageX + 8 + "px"; ed.style.top = e.pageY + 8 + "px";
  ed.classList.remove("hidden");
  input.value = value.toFixed(3);
  input.focus(); input.select();
  input.onkeydown = async (k) => {
    if (k.key === "Escape") ed.classList.add("hidden");
    if (k.key !== "Enter") return;
    ed.classList.add("hidden");
    try {
      onFrame(await api("POST", `/api/sessions/${session}/weight`, {layer, to, from, value: Number(input.value)}));
    } catch (err) {
      banner(err.message);
    }
  };
}

(async function main() {
  options = await api("GET", "/api/options");
  wire();
  const fromUrl = readHash();
  page = fromUrl.page;
  await openSession(fromUrl.settings);
})();
