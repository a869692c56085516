// "/": go at once to the language the visitor chose before (page.js remembers it) or the
// one their browser prefers among the site's, matched as BCP 47 lookup does with scripts
// made explicit (zh-TW and zh-HK read as zh-Hant, zh-CN and zh as zh-Hans). No match, or
// no JavaScript: the chooser stays.
(function () {
  var script = document.currentScript;
  var root = document.documentElement;
  var base = root.getAttribute("data-base") || "/";
  var site = (script && script.getAttribute("data-languages") || "").split(" ").filter(Boolean);
  var HANT = { TW: 1, HK: 1, MO: 1 };

  // lowercase subtags with the script filled in where the language implies one
  function expand(tag) {
    var parts = tag.split("-");
    var out = [parts[0].toLowerCase()];
    var script = "", region = "";
    for (var i = 1; i < parts.length; i++) {
      if (/^[A-Za-z]{4}$/.test(parts[i])) script = parts[i].toLowerCase();
      else if (/^([A-Za-z]{2}|\d{3})$/.test(parts[i])) region = region || parts[i].toUpperCase();
    }
    if (!script && out[0] === "zh") script = HANT[region] ? "hant" : "hans";
    if (script) out.push(script);
    if (region) out.push(region.toLowerCase());
    return out.join("-");
  }

  // the site language for one preferred tag: same language and script, the region
  // matching if one does; a site tag never crosses a script (zh-Hant is not zh)
  function match(wanted) {
    var w = expand(wanted), best = null;
    for (var i = 0; i < site.length; i++) {
      var s = expand(site[i]);
      if (s === w) return site[i];
      var ws = w.split("-"), ss = s.split("-");
      var sameScript = (ws[1] && ws[1].length === 4 ? ws[1] : "") === (ss[1] && ss[1].length === 4 ? ss[1] : "");
      if (ws[0] === ss[0] && sameScript && best === null) best = site[i];
    }
    return best;
  }

  function choose() {
    try {
      var kept = localStorage.getItem("helpcenter-language:" + base);
      if (kept && site.indexOf(kept) >= 0) return kept;
    } catch (e) {
      // storage blocked: the browser's preference
    }
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var found = wanted[i] && match(wanted[i]);
      if (found) return found;
    }
    return null;
  }

  var lang = choose();
  if (lang) location.replace(base + lang + "/");
})();
