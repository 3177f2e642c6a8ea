// ridgedoc: interactive alpha explorer (the live version of the book's Figure 7.1).
//
// The page holds <section class="rd-explorer" data-defaults="{...}"> written by
// ridgedoc.explorer.explorer_html(); this script binds its controls and draws into its
// <svg>. Every alpha is computed exactly with formula (7.13),
//   w~ = Q diag(lambda_i / (lambda_i + alpha)) Q^T w*,
//   q1 = (cos t, sin t), q2 = (-sin t, cos t)   (the convention of ridgedoc.make_problem),
// never interpolated. The current point is exposed for tests and tools as data-w1,
// data-w2, data-alpha on the marker (String(number), full precision) and each
// shrinkage factor as data-factor on its <output>.
// Plain JavaScript, no framework, nothing loaded from elsewhere.
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var SIZE = 480; // viewBox is 0 0 SIZE SIZE
  var C_J = "#0072B2"; // same colours as ridgedoc.plots
  var C_PEN = "#D55E00";
  var C_AXIS = "#777777";
  var PATH_POINTS = 400;
  var HUGE = 1e5; // an ellipse axis longer than this (px) is drawn as two lines

  // ------------------------------------------------------------ the math

  // lambda / (lambda + alpha); alpha = 0 is the limit alpha -> 0+.
  function shrink(lam, alpha) {
    if (alpha === 0) return lam > 0 ? 1 : 0;
    return lam / (lam + alpha);
  }

  function makeProblem(lam1, lam2, angleDeg, ws1, ws2) {
    var t = angleDeg * (Math.PI / 180);
    var c = Math.cos(t);
    var s = Math.sin(t);
    var q1 = [c, s];
    var q2 = [-s, c];
    return {
      lam: [lam1, lam2],
      angleDeg: angleDeg,
      q: [q1, q2],
      ws: [ws1, ws2],
      // w* in the eigenbasis: Q^T w*
      coords: [q1[0] * ws1 + q1[1] * ws2, q2[0] * ws1 + q2[1] * ws2],
    };
  }

  // w~(alpha) and the numbers shown beside the figure.
  function solve(p, alpha) {
    var d = [shrink(p.lam[0], alpha), shrink(p.lam[1], alpha)];
    var u = [d[0] * p.coords[0], d[1] * p.coords[1]]; // scaled coordinates
    var w = [
      p.q[0][0] * u[0] + p.q[1][0] * u[1], // rotate back: Q u
      p.q[0][1] * u[0] + p.q[1][1] * u[1],
    ];
    var e0 = p.coords[0] - u[0];
    var e1 = p.coords[1] - u[1];
    return {
      alpha: alpha,
      d: d,
      u: u,
      w: w,
      norm: Math.hypot(w[0], w[1]),
      // J^(w~) = 1/2 (w~ - w*)^T H (w~ - w*), with J(w*) = 0
      J: 0.5 * (p.lam[0] * e0 * e0 + p.lam[1] * e1 * e1),
      dof: d[0] + d[1],
    };
  }

  function J(p, x, y) {
    var dx = x - p.ws[0];
    var dy = y - p.ws[1];
    var a = p.q[0][0] * dx + p.q[0][1] * dy;
    var b = p.q[1][0] * dx + p.q[1][1] * dy;
    return 0.5 * (p.lam[0] * a * a + p.lam[1] * b * b);
  }

  // The whole path alpha = 0 .. infinity, log-spaced around the eigenvalues.
  function path(p) {
    var pos = p.lam.filter(function (l) { return l > 0; });
    var pts = [solve(p, 0).w];
    if (pos.length) {
      var lo = Math.log10(Math.min.apply(null, pos)) - 4;
      var hi = Math.log10(Math.max.apply(null, pos)) + 4;
      for (var k = 0; k < PATH_POINTS; k++) {
        pts.push(solve(p, Math.pow(10, lo + ((hi - lo) * k) / (PATH_POINTS - 1))).w);
      }
    }
    pts.push([0, 0]);
    return pts;
  }

  // ------------------------------------------------------------ formatting

  function minus(text) {
    return text.replace(/-/g, "\u2212");
  }

  // A short number for reading: 3 significant digits, no trailing zeros.
  function short(x) {
    if (x === 0) return "0";
    var a = Math.abs(x);
    if (a >= 1e5 || a < 1e-3) return minus(x.toExponential(2).replace("e+", "e"));
    return minus(String(Number(x.toPrecision(3))));
  }

  function fixed(x) {
    if (x !== 0 && Math.abs(x) < 5e-4) return minus(x.toExponential(1));
    if (Math.abs(x) >= 1e5) return minus(x.toExponential(2).replace("e+", "e"));
    var s = x.toFixed(3);
    return minus(s === "-0.000" ? "0.000" : s);
  }

  // ------------------------------------------------------------ drawing

  // Where the label of eigen-axis k goes: on the axis through w*, on the side away
  // from the origin (the path leaves w* toward the origin), 0.4 |w*| from w*.
  function axisTip(p, k) {
    var q = p.q[k];
    var sg = q[0] * p.ws[0] + q[1] * p.ws[1] >= 0 ? 1 : -1;
    var len = 0.4 * Math.hypot(p.ws[0], p.ws[1]);
    return { dir: [sg * q[0], sg * q[1]], at: [p.ws[0] + sg * len * q[0], p.ws[1] + sg * len * q[1]] };
  }

  function view(p, pts) {
    var xs = [p.ws[0], 0];
    var ys = [p.ws[1], 0];
    pts.concat([axisTip(p, 0).at, axisTip(p, 1).at]).forEach(function (q) { xs.push(q[0]); ys.push(q[1]); });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var span = Math.max(x1 - x0, y1 - y0);
    if (!(span > 0)) span = 1;
    var half = span * (0.5 + 0.22);
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    var v = { xmin: cx - half, xmax: cx + half, ymin: cy - half, ymax: cy + half };
    v.s = SIZE / (2 * half);
    v.X = function (x) { return (x - v.xmin) * v.s; };
    v.Y = function (y) { return (v.ymax - y) * v.s; };
    return v;
  }

  function n(x) {
    return Math.round(x * 100) / 100; // SVG coordinates: 0.01 px is plenty
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  // SVG text; "_1" in str is drawn as a subscript 1.
  function text(parent, x, y, str, attrs) {
    var t = el("text", Object.assign({ x: n(x), y: n(y), class: "rd-explorer__label" }, attrs || {}), parent);
    var parts = str.split(/_(\w)/); // even: normal text, odd: subscript
    var down = false;
    parts.forEach(function (part, k) {
      if (!part) return;
      var sub = k % 2 === 1;
      var span = el("tspan", {}, t);
      if (sub) { span.setAttribute("dy", "0.3em"); span.setAttribute("font-size", "75%"); down = true; }
      else if (down) { span.setAttribute("dy", "-0.3em"); down = false; }
      span.textContent = part;
    });
    return t;
  }

  function line(parent, v, a, b, attrs) {
    return el("line", Object.assign({ x1: n(v.X(a[0])), y1: n(v.Y(a[1])), x2: n(v.X(b[0])), y2: n(v.Y(b[1])) }, attrs), parent);
  }

  // Infinite line through pt along dir, cut to the view.
  function fullLine(parent, v, pt, dir, attrs) {
    var L = 4 * (v.xmax - v.xmin) + Math.hypot(pt[0] - v.xmin, pt[1] - v.ymin);
    line(parent, v, [pt[0] - L * dir[0], pt[1] - L * dir[1]], [pt[0] + L * dir[0], pt[1] + L * dir[1]], attrs);
  }

  // The level set J = level, exactly: an ellipse with semi-axes sqrt(2 level / lambda_i)
  // along q_i (two parallel lines if one eigenvalue is 0, nothing if both are).
  function contour(parent, p, v, level, attrs) {
    if (!(level > 0)) return;
    var r = p.lam.map(function (l) { return l > 0 ? Math.sqrt((2 * level) / l) * v.s : Infinity; });
    if (r[0] < HUGE && r[1] < HUGE) {
      el("ellipse", Object.assign({
        cx: n(v.X(p.ws[0])), cy: n(v.Y(p.ws[1])), rx: n(r[0]), ry: n(r[1]),
        // screen y points down, so a counter-clockwise angle becomes negative
        transform: "rotate(" + n(-p.angleDeg) + " " + n(v.X(p.ws[0])) + " " + n(v.Y(p.ws[1])) + ")",
      }, attrs), parent);
      return;
    }
    for (var i = 0; i < 2; i++) {
      var j = 1 - i;
      if (r[i] >= HUGE && r[j] < HUGE) { // long along q_i: lines at +-r_j along q_j
        [-1, 1].forEach(function (sgn) {
          var off = (sgn * r[j]) / v.s;
          var pt = [p.ws[0] + off * p.q[j][0], p.ws[1] + off * p.q[j][1]];
          fullLine(parent, v, pt, p.q[i], attrs);
        });
      }
    }
  }

  function star(parent, x, y, R) {
    var pts = [];
    for (var k = 0; k < 10; k++) {
      var rr = k % 2 ? R * 0.42 : R;
      var a = -Math.PI / 2 + (k * Math.PI) / 5;
      pts.push(n(x + rr * Math.cos(a)) + "," + n(y + rr * Math.sin(a)));
    }
    return el("polygon", { points: pts.join(" "), fill: "#111", stroke: "#fff", "stroke-width": 1 }, parent);
  }

  // Everything that depends only on the problem (H, w*), not on alpha.
  function drawStatic(ex) {
    var p = ex.problem, v = ex.view, g = ex.layers.back;
    while (g.firstChild) g.removeChild(g.firstChild);
    var o = [0, 0];
    // coordinate axes w1, w2
    fullLine(g, v, o, [1, 0], { stroke: "#bbbbbb", "stroke-width": 1 });
    fullLine(g, v, o, [0, 1], { stroke: "#bbbbbb", "stroke-width": 1 });
    text(g, SIZE - 8, v.Y(0) - 6, "w_1", { "text-anchor": "end" });
    text(g, v.X(0) + 6, 18, "w_2");
    // eigen-directions through the origin (the lines w~ runs along when one factor is ~0)
    for (var i = 0; i < 2; i++) {
      fullLine(g, v, o, p.q[i], { stroke: C_AXIS, "stroke-width": 1, "stroke-dasharray": "1.5 4", "stroke-linecap": "round" });
    }
    // thin contours of J: fixed fractions of J(0), so they stay put while alpha moves
    var J0 = J(p, 0, 0);
    [0.03, 0.12, 0.3, 0.6, 1.0].forEach(function (f) {
      contour(g, p, v, f * J0, { fill: "none", stroke: C_J, "stroke-width": 1, "stroke-opacity": 0.5 });
    });
    // thin penalty circles
    var rs = Math.hypot(p.ws[0], p.ws[1]);
    [0.25, 0.5, 0.75, 1.0].forEach(function (f) {
      if (rs > 0) el("circle", { cx: n(v.X(0)), cy: n(v.Y(0)), r: n(f * rs * v.s), fill: "none", stroke: C_PEN, "stroke-width": 1, "stroke-dasharray": "1.5 3.5", "stroke-linecap": "round", "stroke-opacity": 0.8 }, g);
    });
    // eigenvector axes through w*, labelled with their eigenvalues
    for (var k = 0; k < 2; k++) {
      var q = p.q[k];
      fullLine(g, v, p.ws, q, { stroke: C_AXIS, "stroke-width": 1.2, "stroke-dasharray": "9 4 2 4" });
      var tip = axisTip(p, k);
      var tx = v.X(tip.at[0]), ty = v.Y(tip.at[1]);
      var anchor = tip.dir[0] > 0.3 ? "end" : "start";
      if (Math.abs(tip.dir[0]) <= 0.3) { tx += 7; ty += 4; } else { ty -= 8; }
      text(g, tx, ty, "q_" + (k + 1) + " (\u03bb_" + (k + 1) + " = " + short(p.lam[k]) + ")",
        { "text-anchor": anchor, class: "rd-explorer__label rd-explorer__label--axis" });
    }
    // the path w~(alpha), alpha from 0 to infinity
    var pts = ex.path.map(function (q) { return n(v.X(q[0])) + "," + n(v.Y(q[1])); }).join(" ");
    el("polyline", { points: pts, fill: "none", stroke: C_PEN, "stroke-width": 2, "stroke-opacity": 0.9, "stroke-linejoin": "round" }, g);
    // origin and w*
    el("path", { d: "M" + n(v.X(0) - 7) + " " + n(v.Y(0)) + "h14M" + n(v.X(0)) + " " + n(v.Y(0) - 7) + "v14", stroke: "#111", "stroke-width": 2 }, g);
    text(g, v.X(0) - 6, v.Y(0) + 18, "0", { "text-anchor": "end" });
    star(g, v.X(p.ws[0]), v.Y(p.ws[1]), 10);
    text(g, v.X(p.ws[0]) + 10, v.Y(p.ws[1]) - 10, "w*", { class: "rd-explorer__label rd-explorer__label--big" });
  }

  // An arrow of fixed length len (px) from (x, y) along the world direction vec.
  function arrow(parent, v, from, vec, len, color) {
    var m = Math.hypot(vec[0], vec[1]);
    if (!(m > 0) || !isFinite(m)) return;
    var ux = vec[0] / m, uy = -vec[1] / m; // screen direction (y down)
    var x0 = v.X(from[0]), y0 = v.Y(from[1]);
    var x1 = x0 + len * ux, y1 = y0 + len * uy;
    var h = 11, w = 5; // head length and half width
    var bx = x1 - h * ux, by = y1 - h * uy;
    el("line", { x1: n(x0), y1: n(y0), x2: n(bx), y2: n(by), stroke: color, "stroke-width": 2.4 }, parent);
    el("polygon", {
      points: [n(x1) + "," + n(y1), n(bx - w * uy) + "," + n(by + w * ux), n(bx + w * uy) + "," + n(by - w * ux)].join(" "),
      fill: color,
    }, parent);
  }

  // Everything that moves with alpha.
  function drawDynamic(ex, r) {
    var p = ex.problem, v = ex.view, g = ex.layers.front;
    while (g.firstChild) g.removeChild(g.firstChild);
    contour(g, p, v, r.J, { fill: "none", stroke: C_J, "stroke-width": 2.6 });
    if (r.norm > 0) {
      el("circle", { cx: n(v.X(0)), cy: n(v.Y(0)), r: n(r.norm * v.s), fill: "none", stroke: C_PEN, "stroke-width": 2.4, "stroke-dasharray": "8 5" }, g);
    }
    // the two forces at w~, as in the static figure: -grad J(w~) = H (w* - w~) and
    // -alpha w~. Equal and opposite (7.8); drawn with a fixed length, direction only.
    var gq = [p.lam[0] * (p.coords[0] - r.u[0]), p.lam[1] * (p.coords[1] - r.u[1])];
    var minusGrad = [p.q[0][0] * gq[0] + p.q[1][0] * gq[1], p.q[0][1] * gq[0] + p.q[1][1] * gq[1]];
    arrow(g, v, r.w, minusGrad, 0.16 * SIZE, C_J);
    arrow(g, v, r.w, [-r.alpha * r.w[0], -r.alpha * r.w[1]], 0.16 * SIZE, C_PEN);
    var m = ex.marker;
    m.setAttribute("cx", n(v.X(r.w[0])));
    m.setAttribute("cy", n(v.Y(r.w[1])));
    m.setAttribute("data-w1", String(r.w[0]));
    m.setAttribute("data-w2", String(r.w[1]));
    m.setAttribute("data-alpha", String(r.alpha));
    // label w~ beside the marker, across the two arrows (which lie along w~), on the
    // side away from w*
    var sx = v.X(r.w[0]), sy = v.Y(r.w[1]);
    var ux = r.w[0], uy = -r.w[1], len = Math.hypot(ux, uy);
    if (len > 0) { ux /= len; uy /= len; } else { ux = 1; uy = 0; }
    var px = -uy, py = ux;
    if (px * (sx - v.X(p.ws[0])) + py * (sy - v.Y(p.ws[1])) < 0) { px = -px; py = -py; }
    ex.markerLabel.setAttribute("x", n(sx + 17 * px));
    ex.markerLabel.setAttribute("y", n(sy + 17 * py + 6));
    ex.markerLabel.setAttribute("text-anchor", px > 0.35 ? "start" : px < -0.35 ? "end" : "middle");
  }

  // ------------------------------------------------------------ readouts

  function buildFactors(ex) {
    var box = ex.root.querySelector('[data-readout="factors"]');
    box.innerHTML = "";
    var head = document.createElement("p");
    head.className = "rd-explorer__factors-title";
    head.innerHTML = "방향마다의 축소 계수 \u03bb<sub>i</sub>/(\u03bb<sub>i</sub>+\u03b1)";
    box.appendChild(head);
    ex.rows = [0, 1].map(function (i) {
      var sub = "<sub>" + (i + 1) + "</sub>";
      var row = document.createElement("div");
      row.className = "rd-explorer__factor-row";
      row.innerHTML =
        '<div class="rd-explorer__factor-head"><span>q' + sub + ' 방향 <span class="rd-explorer__muted">(\u03bb' + sub +
        ' = <span data-role="lam"></span>)</span></span>' +
        '<output class="rd-explorer__factor" data-index="' + i + '"></output></div>' +
        '<div class="rd-explorer__bar" aria-hidden="true"><span class="rd-explorer__bar-fill"></span>' +
        '<span class="rd-explorer__bar-half"></span></div>' +
        '<div class="rd-explorer__coord">q' + sub + '<sup>\u22a4</sup>w* = <span data-role="c"></span> \u2192 q' + sub +
        '<sup>\u22a4</sup>w\u0303 = <span data-role="u"></span></div>';
      box.appendChild(row);
      return {
        lam: row.querySelector('[data-role="lam"]'),
        out: row.querySelector("output"),
        fill: row.querySelector(".rd-explorer__bar-fill"),
        c: row.querySelector('[data-role="c"]'),
        u: row.querySelector('[data-role="u"]'),
      };
    });
  }

  function setReadouts(ex, r) {
    var p = ex.problem;
    ex.rows.forEach(function (row, i) {
      row.lam.textContent = short(p.lam[i]);
      row.out.textContent = fixed(r.d[i]);
      row.out.setAttribute("data-factor", String(r.d[i]));
      row.fill.style.width = (100 * r.d[i]).toFixed(2) + "%";
      row.c.textContent = short(p.coords[i]);
      row.u.textContent = short(r.u[i]);
    });
    var out = function (key) { return ex.root.querySelector('[data-readout="' + key + '"]'); };
    out("norm").textContent = short(r.norm);
    out("norm").setAttribute("data-value", String(r.norm));
    out("J").textContent = short(r.J);
    out("J").setAttribute("data-value", String(r.J));
    out("dof").textContent = fixed(r.dof);
    out("dof").setAttribute("data-value", String(r.dof));
    out("rank").textContent = String((p.lam[0] > 0 ? 1 : 0) + (p.lam[1] > 0 ? 1 : 0));
    out("wstar-norm").textContent = short(Math.hypot(p.ws[0], p.ws[1]));
    out("status").textContent =
      "α = " + short(r.alpha) + (r.alpha === 0 ? " (α → 0+ 극한)" : "") +
      "일 때 w̃ = (" + short(r.w[0]) + ", " + short(r.w[1]) + ")";
  }

  // ------------------------------------------------------------ controls

  var FIELDS = {
    lam1: { name: "고윳값 \u03bb<sub>1</sub>", min: 0 },
    lam2: { name: "고윳값 \u03bb<sub>2</sub>", min: 0 },
    angle: { name: "회전각 \u03b8 (도)" },
    ws1: { name: "w*<sub>1</sub>" },
    ws2: { name: "w*<sub>2</sub>" },
    alpha: { name: "\u03b1", min: 0 },
  };

  function readField(ex, key) {
    var input = ex.inputs[key];
    var raw = input.value.trim();
    var x = raw === "" ? NaN : Number(raw);
    var spec = FIELDS[key];
    var problem = null;
    if (raw === "" && input.validity && input.validity.badInput) problem = "숫자가 아닙니다";
    else if (raw === "") problem = "값이 비어 있습니다";
    else if (!isFinite(x)) problem = "유한한 숫자여야 합니다";
    else if (spec.min !== undefined && x < spec.min) problem = "0 이상이어야 합니다";
    input.setAttribute("aria-invalid", problem ? "true" : "false");
    return { value: x, problem: problem ? spec.name + ": " + problem : null };
  }

  // problems: {alpha: [...], problem: [...]}, each shown next to its controls.
  function showErrors(ex, problems) {
    Object.keys(ex.errors).forEach(function (where) {
      var box = ex.errors[where];
      var list = problems[where] || [];
      box.innerHTML = list.length ? list.join(" · ") + " (마지막으로 맞았던 값으로 그립니다)" : "";
      box.hidden = !list.length;
    });
  }

  function clampLog(ex, alpha) {
    var lo = Number(ex.slider.min), hi = Number(ex.slider.max);
    if (!(alpha > 0)) return lo;
    return Math.min(Math.max(Math.log10(alpha), lo), hi);
  }

  function setProblem(ex, p) {
    ex.problem = p;
    ex.path = path(p);
    ex.view = view(p, ex.path);
    drawStatic(ex);
  }

  function update(ex) {
    var r = solve(ex.problem, ex.alpha);
    drawDynamic(ex, r);
    setReadouts(ex, r);
  }

  var PROBLEM_KEYS = ["lam1", "lam2", "angle", "ws1", "ws2"];

  // Read every field, mark the bad ones and list their problems.
  function check(ex) {
    var vals = {}, bad = {}, messages = { alpha: [], problem: [] };
    PROBLEM_KEYS.concat(["alpha"]).forEach(function (k) {
      var f = readField(ex, k);
      vals[k] = f.value;
      if (f.problem) { bad[k] = true; messages[k === "alpha" ? "alpha" : "problem"].push(f.problem); }
    });
    showErrors(ex, messages);
    return { vals: vals, bad: bad };
  }

  // A problem field changed: redraw when all five are valid (alpha keeps its state).
  function onProblemInput(ex) {
    var res = check(ex);
    if (PROBLEM_KEYS.some(function (k) { return res.bad[k]; })) return;
    var v = res.vals;
    setProblem(ex, makeProblem(v.lam1, v.lam2, v.angle, v.ws1, v.ws2));
    update(ex);
  }

  function onAlphaInput(ex) {
    var res = check(ex);
    if (!res.bad.alpha) setAlpha(ex, res.vals.alpha, "box");
  }

  function setAlpha(ex, alpha, from) {
    ex.alpha = alpha;
    if (from !== "slider") ex.slider.value = String(clampLog(ex, alpha));
    if (from !== "box") ex.inputs.alpha.value = String(Number(alpha.toPrecision(4)));
    // what a screen reader says for the slider (its own value is log10 alpha)
    ex.slider.setAttribute("aria-valuetext", "\u03b1 = " + short(alpha));
    ex.inputs.alpha.setAttribute("aria-invalid", "false");
    update(ex);
  }

  function setAll(ex, s) {
    ex.inputs.lam1.value = String(s.eigvals[0]);
    ex.inputs.lam2.value = String(s.eigvals[1]);
    ex.inputs.angle.value = String(s.angle_deg);
    ex.inputs.ws1.value = String(s.w_star[0]);
    ex.inputs.ws2.value = String(s.w_star[1]);
    PROBLEM_KEYS.forEach(function (k) { ex.inputs[k].setAttribute("aria-invalid", "false"); });
    showErrors(ex, {});
    setProblem(ex, makeProblem(s.eigvals[0], s.eigvals[1], s.angle_deg, s.w_star[0], s.w_star[1]));
    setAlpha(ex, s.alpha);
  }

  function current(ex) {
    var p = ex.problem;
    return { eigvals: p.lam.slice(), angle_deg: p.angleDeg, w_star: p.ws.slice(), alpha: ex.alpha };
  }

  var TRIES = {
    equal: function (s) { s.eigvals = [2, 2]; if (s.alpha === 0) s.alpha = 1; return s; },
    tiny: function (s) { s.eigvals = [0.01, s.eigvals[1] > 0.1 ? s.eigvals[1] : 4]; s.alpha = 0.1; return s; },
    half: function (s) { s.alpha = s.eigvals[0] > 0 ? s.eigvals[0] : s.eigvals[1] > 0 ? s.eigvals[1] : 1; return s; },
    zero: function (s) { s.eigvals = [0, s.eigvals[1] > 0 ? s.eigvals[1] : 4]; s.alpha = 0; return s; },
  };

  // ------------------------------------------------------------ setup

  function init(root) {
    if (root.getAttribute("data-rd-bound") === "1") return; // idempotent
    root.setAttribute("data-rd-bound", "1");
    var defaults = JSON.parse(root.getAttribute("data-defaults"));
    var svg = root.querySelector("svg.rd-explorer__svg");
    var q = function (key) { return root.querySelector('[data-control="' + key + '"]'); };
    var ex = {
      root: root,
      slider: q("logalpha"),
      inputs: { alpha: q("alpha"), lam1: q("lam1"), lam2: q("lam2"), angle: q("angle"), ws1: q("ws1"), ws2: q("ws2") },
      errors: {
        alpha: root.querySelector('[data-error="alpha"]'),
        problem: root.querySelector('[data-error="problem"]'),
      },
    };

    var clipId = (root.id || "rd-explorer") + "-clip";
    var defs = el("defs", {}, svg);
    var clip = el("clipPath", { id: clipId }, defs);
    el("rect", { x: 0, y: 0, width: SIZE, height: SIZE }, clip);
    el("rect", { x: 0, y: 0, width: SIZE, height: SIZE, fill: "#ffffff" }, svg);
    var plot = el("g", { "clip-path": "url(#" + clipId + ")" }, svg);
    ex.layers = { back: el("g", {}, plot), front: el("g", {}, plot) };
    ex.marker = el("circle", { class: "rd-explorer__wtilde", r: 7, fill: "#ffffff", stroke: C_PEN, "stroke-width": 3 }, plot);
    ex.markerLabel = text(plot, 0, 0, "w\u0303", { class: "rd-explorer__label rd-explorer__label--big rd-explorer__label--pen" });
    buildFactors(ex);

    ex.slider.addEventListener("input", function () {
      setAlpha(ex, Math.pow(10, Number(ex.slider.value)), "slider");
      check(ex); // the box now holds a valid alpha: clear its old message
    });
    ex.inputs.alpha.addEventListener("input", function () { onAlphaInput(ex); });
    PROBLEM_KEYS.forEach(function (k) {
      ex.inputs[k].addEventListener("input", function () { onProblemInput(ex); });
    });
    root.querySelector('[data-action="reset"]').addEventListener("click", function () { setAll(ex, defaults); });
    Array.prototype.forEach.call(root.querySelectorAll("[data-try]"), function (b) {
      b.addEventListener("click", function () {
        setAll(ex, TRIES[b.getAttribute("data-try")](current(ex)));
      });
    });

    setAll(ex, defaults);
    root.classList.add("rd-explorer--js");
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("section.rd-explorer"), function (root) {
      try {
        init(root);
      } catch (err) {
        root.classList.remove("rd-explorer--js"); // fall back to the note about the static figure
        console.error("ridgedoc explorer:", err); // and still set up the other explorers
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
  // Material's instant navigation swaps the page and emits on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initAll);
  }
})();
