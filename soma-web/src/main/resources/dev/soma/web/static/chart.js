// A small line chart on canvas: several series of [x, y] points, linear or log y axis, min/max labels.
"use strict";

const Chart = (() => {
  const COLORS = ["#0877bd", "#f59322", "#2ea043", "#8e44ad", "#d62728", "#17becf", "#7f7f7f", "#bcbd22"];

  function fmt(v) {
    if (v === 0) return "0";
    const a = Math.abs(v);
    return a >= 1000 || a < 0.01 ? v.toExponential(1) : v.toPrecision(3);
  }

  function draw(canvas, series, opts) {
    opts = opts || {};
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height, L = 52, R = 10, T = 10, B = 22;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = "#f7f8fa";
    ctx.fillRect(L, T, w - L - R, h - T - B);
    const ty = (v) => opts.log ? Math.log10(Math.max(v, 1e-12)) : v;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of series) for (const [x, y] of s.points) {
      if (y === null || !isFinite(y) || (opts.log && y <= 0)) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, ty(y)); y1 = Math.max(y1, ty(y));
    }
    if (!isFinite(x0)) { ctx.fillStyle = "#999"; ctx.font = "12px sans-serif"; ctx.fillText("no data yet", L + 10, T + 20); return; }
    if (opts.zero && !opts.log) y0 = Math.min(y0, 0);
    if (y1 === y0) { y1 += 1; y0 -= opts.log ? 1 : 0; }
    if (x1 === x0) x1 = x0 + 1;
    const px = (x) => L + (x - x0) / (x1 - x0) * (w - L - R);
    const py = (y) => T + (1 - (ty(y) - y0) / (y1 - y0)) * (h - T - B);
    ctx.strokeStyle = "#ccd2d8"; ctx.lineWidth = 1;
    ctx.strokeRect(L, T, w - L - R, h - T - B);
    ctx.fillStyle = "#6b7480"; ctx.font = "11px sans-serif";
    const top = opts.log ? Math.pow(10, y1) : y1, bottom = opts.log ? Math.pow(10, y0) : y0;
    ctx.fillText(fmt(top), 4, T + 10);
    ctx.fillText(fmt(bottom), 4, h - B);
    ctx.fillText(String(Math.round(x0)), L, h - 6);
    const right = String(Math.round(x1)) + (opts.xLabel ? " " + opts.xLabel : "");
    ctx.fillText(right, w - R - ctx.measureText(right).width, h - 6);
    series.forEach((s, i) => {
      ctx.beginPath();
      let started = false;
      for (const [x, y] of s.points) {
        if (y === null || !isFinite(y) || (opts.log && y <= 0)) { started = false; continue; }
        if (started) ctx.lineTo(px(x), py(y)); else { ctx.moveTo(px(x), py(y)); started = true; }
        if (s.dots) { ctx.fillStyle = s.color || COLORS[i % COLORS.length]; ctx.fillRect(px(x) - 2, py(y) - 2, 4, 4); }
      }
      ctx.strokeStyle = s.color || COLORS[i % COLORS.length];
      ctx.globalAlpha = s.alpha || 1;
      ctx.lineWidth = s.width || 1.5;
      ctx.stroke();
      ctx.globalAlpha = 1;
    });
  }

  function keys(el, series) {
    el.innerHTML = series.map((s, i) => `<span><i style="background:${s.color || COLORS[i % COLORS.length]}"></i>${s.name}</span>`).join("");
  }

  return {draw, keys, COLORS};
})();
