// The colour scheme the visitor chose (page.js stores it), set before the first paint:
// a classic script in <head>, so light or dark never flashes. "system" leaves it to CSS.
(function () {
  var root = document.documentElement;
  try {
    var chosen = localStorage.getItem("helpcenter-scheme:" + (root.getAttribute("data-base") || "/"));
    if (chosen === "light" || chosen === "dark") root.setAttribute("data-scheme", chosen);
  } catch (e) {
    // storage blocked: the system's scheme
  }
})();
