// Drawing: the colour scale, heat maps from the server's byte grids, data points, the loss curve and the data set
// icons. No state of its own; playground.js calls these with what the server sent.
"use strict";

const Draw = (() => {
  const NEG = [245, 147, 34], MID = [232, 234, 235], POS = [8, 119, 189];
  const PALETTE = [[8, 119, 189], [245, 147, 34], [46, 160, 67], [142, 68, 173], [214, 39, 40], [23, 190, 207]];
  const HALF = 6;

  function mix(a, b, t) {
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  }

  /** The colour of v in [-1, 1]: orange, grey, blue. */
  function color(v) {
    v = Math.max(-1, Math.min(1, v));
    return v < 0 ? mix(MID, NEG, -v) : mix(MID, POS, v);
  }

  function css(c, alpha) {
    const r = Math.round(c[0]), g = Math.round(c[1]), b = Math.round(c[2]);
    return alpha === undefined ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha})`;
  }

  function decode(b64) {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  const scratch = document.createElement("canvas");

  /** Paints grid cells [offset, offset + n*n) of bytes onto canvas (scaled, smoothed). */
  function heat(canvas, bytes, offset, n, opts) {
    opts = opts || {};
    scratch.width = n; scratch.height = n;
    const sctx = scratch.getContext("2d");
    const img = sctx.createImageData(n, n);
    for (let i = 0; i < n * n; i++) {
      let v = bytes[offset + i] / 127.5 - 1;
      let c;
      if (opts.classes && opts.classes > 2) {
        const k = opts.winner[i] % PALETTE.length;
        const conf = opts.discretize ? 1 : (v + 1) / 2;
        c = mix(MID, PALETTE[k], 0.25 + 0.75 * conf);
      } else {
        if (opts.discretize) v = v >= 0 ? 1 : -1;
        c = color(v);
      }
      img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
    }
    sctx.putImageData(img, 0, 0);
    const ctx = canvas.getContext("2d");
    ctx.imageSmoothingEnabled = !opts.discretize;
    ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  }

  function pointColor(v, points) {
    if (points.problem === "regression") return color(v / Math.max(1e-6, points.maxAbs));
    if (points.classes > 2) return PALETTE[v % PALETTE.length];
    return v >= 1 ? POS : NEG;
  }

  /** The training points (white ring) and, when asked, the test points (black ring). */
  function points(canvas, pts, showTest) {
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!pts) return;
    const sx = canvas.width / (2 * HALF), sy = canvas.height / (2 * HALF);
    const draw = (arr, ring) => {
      for (let i = 0; i + 2 < arr.length; i += 3) {
        const x = (arr[i] + HALF) * sx, y = (HALF - arr[i + 1]) * sy;
        if (x < -4 || y < -4 || x > canvas.width + 4 || y > canvas.height + 4) continue;
        ctx.beginPath();
        ctx.arc(x, y, 3.2, 0, 2 * Math.PI);
        ctx.fillStyle = css(pointColor(arr[i + 2], pts));
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = ring;
        ctx.stroke();
      }
    };
    draw(pts.train, "#fff");
    if (showTest) draw(pts.test, "#000");
  }

  /** The loss curves: training (dark) and test (light), on a log-free linear scale from 0. */
  function curve(canvas, history) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = "#f3f5f7";
    ctx.fillRect(0, 0, w, h);
    if (history.length < 2) return;
    let max = 1e-9;
    for (const p of history) max = Math.max(max, p.train || 0, p.test || 0);
    const e0 = history[0].epoch, e1 = Math.max(e0 + 1, history[history.length - 1].epoch);
    const line = (key, style, width) => {
      ctx.beginPath();
      let started = false;
      for (const p of history) {
        if (p[key] === null || p[key] === undefined) continue;
        const x = (p.epoch - e0) / (e1 - e0) * (w - 4) + 2;
        const y = h - 3 - p[key] / max * (h - 8);
        if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
      }
      ctx.strokeStyle = style;
      ctx.lineWidth = width;
      ctx.stroke();
    };
    line("test", "#9aa5b1", 1.5);
    line("train", "#1f2a33", 1.5);
  }

  /** A data set's icon: the shape of its classes (or targets) over the square. */
  function icon(canvas, name) {
    const n = 30;
    scratch.width = n; scratch.height = n;
    const sctx = scratch.getContext("2d");
    const img = sctx.createImageData(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = -6 + (j + 0.5) * 12 / n, y = 6 - (i + 0.5) * 12 / n;
        let v;
        switch (name) {
          case "circles": v = Math.hypot(x, y) < 3 ? 1 : -1; break;
          case "xor": v = x * y >= 0 ? 1 : -1; break;
          case "gaussians": v = Math.hypot(x - 2, y - 2) < Math.hypot(x + 2, y + 2) ? 1 : -1; break;
          case "spiral": {
            const r = Math.hypot(x, y), a = Math.atan2(x, y);
            const t = r / 5 * 3.5 * Math.PI;
            v = Math.cos(a - t) > 0 ? 1 : -1; break;
          }
          case "plane": v = (x + y) / 12; break;
          case "multigauss": {
            v = 0;
            for (const [cx, cy, s] of [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]]) {
              v += s * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 2.5);
            }
            break;
          }
          default: v = 0;
        }
        const c = color(v);
        const k = 4 * (i * n + j);
        img.data[k] = c[0]; img.data[k + 1] = c[1]; img.data[k + 2] = c[2]; img.data[k + 3] = 255;
      }
    }
    sctx.putImageData(img, 0, 0);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  }

  function legend(el, problem, classes) {
    if (problem === "classification" && classes > 2) {
      el.innerHTML = Array.from({length: classes}, (_, k) =>
        `<span><span class="sw" style="background:${css(PALETTE[k % PALETTE.length])}"></span>class ${k}</span>`).join(" ");
    } else {
      const lo = problem === "regression" ? "low" : "class 0", hi = problem === "regression" ? "high" : "class 1";
      el.innerHTML = `${lo} <span class="ramp" style="background:linear-gradient(90deg,${css(NEG)},${css(MID)},${css(POS)})"></span> ${hi}`;
    }
  }

  return {color, css, decode, heat, points, curve, icon, legend, PALETTE};
})();
