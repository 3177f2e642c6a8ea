// Small accessibility fixes to Material's markup that CSS cannot make.
(function () {
  function fix() {
    // The search overlay is a dialog: give it a name for screen readers.
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "검색");
    });
    // Regions that scroll sideways (long formulas, notebook code) must be reachable by keyboard.
    document.querySelectorAll(".jupyter-wrapper .highlight-ipynb pre, .jupyter-wrapper .jp-OutputArea-output pre").forEach(function (el) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
    // A formula wider than its column (the math is rendered at build time) scrolls in its box.
    document.querySelectorAll(".md-typeset div.arithmatex").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
