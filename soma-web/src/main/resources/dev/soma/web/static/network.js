// The network diagram: one column of input features, one per hidden layer, one for the outputs; every neuron shows
// its own heat map, every connection its weight (colour for the sign, width for the magnitude). The diagram is
// rebuilt when the architecture changes and repainted for every frame.
"use strict";

const Net = (() => {
  const NODE = 40, GAP = 52, TOP = 70;
  const FEATURE_LABEL = {"x1": "X₁", "x2": "X₂", "x1^2": "X₁²", "x2^2": "X₂²", "x1x2": "X₁X₂",
    "sin_x1": "sin(X₁)", "sin_x2": "sin(X₂)"};
  let el, svg, tip, key = "", nodes = [], links = [], handlers = {};

  function init(container, h) {
    el = container;
    handlers = h;
    tip = document.createElement("div");
    tip.className = "tip hidden";
    document.body.appendChild(tip);
  }

  function featureValue(name, x, y) {
    switch (name) {
      case "x1": return x; case "x2": return y; case "x1^2": return x * x; case "x2^2": return y * y;
      case "x1x2": return x * y; case "sin_x1": return Math.sin(x); case "sin_x2": return Math.sin(y);
    }
    return 0;
  }

  function featureMap(name, n) {
    const vals = new Float32Array(n * n);
    let max = 1e-12;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const v = featureValue(name, -6 + (j + 0.5) * 12 / n, 6 - (i + 0.5) * 12 / n);
      vals[i * n + j] = v; max = Math.max(max, Math.abs(v));
    }
    const bytes = new Uint8Array(n * n);
    for (let i = 0; i < n * n; i++) bytes[i] = Math.round((vals[i] / max + 1) * 127.5);
    return bytes;
  }

  function node(x, y, cls) {
    const d = document.createElement("div");
    d.className = "node " + (cls || "");
    d.style.left = x + "px"; d.style.top = y + "px";
    const c = document.createElement("canvas");
    c.width = 40; c.height = 40;
    d.appendChild(c);
    el.appendChild(d);
    return d;
  }

  function button(parent, text, title, fn) {
    const b = document.createElement("button");
    b.className = "mini"; b.textContent = text; b.title = title;
    b.addEventListener("click", fn);
    parent.appendChild(b);
    return b;
  }

  /** Lays the diagram out for a frame's architecture. */
  function build(frame, allFeatures, activationNames) {
    el.innerHTML = "";
    nodes = []; links = [];
    const shape = frame.shape;                       // [features, hidden..., outputs]
    const hidden = shape.length - 2;
    const width = Math.max(420, el.clientWidth || 520);
    const x0 = 80, x1 = width - NODE - 10;
    const colX = (c) => x0 + (x1 - x0) * c / (shape.length - 1 + 0.0001 > 0 ? shape.length - 1 : 1);
    const tallest = Math.max(allFeatures.length, ...shape.slice(1));
    el.style.height = (TOP + tallest * GAP + 10) + "px";
    svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", width); svg.setAttribute("height", TOP + tallest * GAP);
    el.appendChild(svg);
    // inputs: every feature, the enabled ones connected
    const inputs = allFeatures.map((name, i) => {
      const on = frame.features.includes(name);
      const d = node(colX(0), TOP + i * GAP, "feature" + (on ? "" : " off"));
      d.dataset.feature = name;
      d.title = (on ? "Switch off " : "Switch on ") + FEATURE_LABEL[name];
      const label = document.createElement("span");
      label.className = "name"; label.textContent = FEATURE_LABEL[name];
      d.appendChild(label);
      Draw.heat(d.firstChild, featureMap(name, 24), 0, 24, {});
      d.addEventListener("click", () => handlers.toggleFeature(name));
      return {el: d, x: colX(0), y: TOP + i * GAP, on};
    });
    const cols = [frame.features.map((f) => inputs[allFeatures.indexOf(f)])];
    for (let l = 1; l < shape.length; l++) {
      const col = [];
      for (let i = 0; i < shape[l]; i++) {
        const y = TOP + i * GAP;
        const d = node(colX(l), y, l === shape.length - 1 ? "out" : "unit");
        d.dataset.layer = l; d.dataset.neuron = i;
        col.push({el: d, x: colX(l), y});
        nodes.push(d);
      }
      cols.push(col);
      if (l <= hidden) controls(l - 1, colX(l), frame, activationNames);
    }
    // connections
    for (let l = 0; l + 1 < cols.length; l++) {
      for (let to = 0; to < cols[l + 1].length; to++) {
        for (let from = 0; from < cols[l].length; from++) {
          const a = cols[l][from], b = cols[l + 1][to];
          const p = document.createElementNS("http://www.w3.org/2000/svg", "path");
          const sx = a.x + NODE, sy = a.y + NODE / 2, ex = b.x, ey = b.y + NODE / 2, mx = (sx + ex) / 2;
          p.setAttribute("d", `M${sx},${sy} C${mx},${sy} ${mx},${ey} ${ex},${ey}`);
          p.setAttribute("class", "link");
          p.dataset.layer = l; p.dataset.to = to; p.dataset.from = from;
          p.addEventListener("mousemove", (e) => showTip(e, p));
          p.addEventListener("mouseleave", () => tip.classList.add("hidden"));
          p.addEventListener("click", (e) => handlers.editWeight(e, l, to, from, Number(p.dataset.value)));
          svg.appendChild(p);
          links.push(p);
        }
      }
    }
    key = structureKey(frame);
  }

  function controls(layer, x, frame, activationNames) {
    const box = document.createElement("div");
    box.className = "layer-ctl";
    box.style.left = (x - 15) + "px"; box.style.top = "0px"; box.style.width = (NODE + 30) + "px";
    const btns = document.createElement("div");
    btns.className = "btns";
    button(btns, "+", "Add a neuron", () => handlers.neurons(layer, +1));
    button(btns, "−", "Remove a neuron", () => handlers.neurons(layer, -1));
    box.appendChild(btns);
    const n = document.createElement("span");
    n.textContent = frame.shape[layer + 1] + (frame.shape[layer + 1] === 1 ? " neuron" : " neurons");
    box.appendChild(n);
    const sel = document.createElement("select");
    sel.className = "layer-activation"; sel.dataset.layer = layer;
    for (const a of activationNames) sel.add(new Option(a, a));
    sel.value = frame.activations[layer];
    sel.addEventListener("change", () => handlers.layerActivation(layer, sel.value));
    box.appendChild(sel);
    el.appendChild(box);
  }

  function structureKey(frame) {
    return frame.netVersion + "|" + frame.shape.join(",") + "|" + frame.features.join(",") + "|" + frame.activations.join(",");
  }

  function showTip(e, p) {
    tip.textContent = "Weight " + Number(p.dataset.value).toFixed(3) + " — click to edit";
    tip.style.left = (e.pageX + 12) + "px"; tip.style.top = (e.pageY + 12) + "px";
    tip.classList.remove("hidden");
  }

  /** Repaints the neurons and connections of a frame (rebuilding first when the architecture changed). */
  function update(frame, neurons, allFeatures, activationNames, options) {
    if (structureKey(frame) !== key) build(frame, allFeatures, activationNames);
    const n = frame.grid, cells = n * n;
    let offset = frame.features.length * cells;      // the server's feature maps are drawn here from formulas
    for (const d of nodes) {
      const isOut = d.classList.contains("out");
      Draw.heat(d.firstChild, neurons, offset, n, {discretize: isOut && options.discretize && frame.problem !== "regression"});
      offset += cells;
    }
    let i = 0;
    for (let l = 0; l < frame.weights.length; l++) {
      const w = frame.weights[l].w;
      for (const v of w) {
        const p = links[i++];
        if (!p) break;
        p.dataset.value = v;
        p.setAttribute("stroke", Draw.css(Draw.color(v)));
        p.setAttribute("stroke-width", (0.6 + Math.min(Math.abs(v), 3) * 2.2).toFixed(2));
        p.setAttribute("stroke-opacity", (0.35 + Math.min(Math.abs(v), 1) * 0.6).toFixed(2));
      }
    }
  }

  return {init, update};
})();
