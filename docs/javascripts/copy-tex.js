// "식 (7.x) TeX 복사": each numbered equation's button copies the TeX the build wrote into
// its data-tex attribute ($$ ... $$, see ridgedoc/site/equations.py), then says so in the
// status line next to it (aria-live, so screen readers announce it too).
(function () {
  var DONE = "복사했습니다";
  var FAILED = "복사하지 못했습니다";

  function fallbackCopy(text) {
    // Pages opened from a file (no secure context) have no navigator.clipboard.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function say(button, message) {
    var status = button.nextElementSibling;
    if (!status || !status.classList.contains("rd-equation__status")) return;
    status.textContent = message;
    clearTimeout(button._rdTimer);
    button._rdTimer = setTimeout(function () { status.textContent = ""; }, 2500);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.rd-equation__copy");
    if (!button) return;
    copy(button.getAttribute("data-tex")).then(
      function () { say(button, DONE); },
      function () { say(button, FAILED); }
    );
  });
})();
