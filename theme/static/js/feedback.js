// "Did this solve your problem?": Yes thanks, No offers related articles and a pre-filled
// request. With an endpoint configured in site.toml the vote is sent with sendBeacon —
// the page's path, its language and the vote; no identifier, no cookie.

export function send(endpoint, event) {
  if (!endpoint || !navigator.sendBeacon) return false;
  const body = new Blob([JSON.stringify(event)], { type: "text/plain" }); // a simple request: no CORS preflight
  return navigator.sendBeacon(endpoint, body);
}

function init(section) {
  const buttons = section.querySelector(".feedback-buttons");
  const thanks = section.querySelector(".feedback-thanks");
  const no = section.querySelector(".feedback-no");
  const strings = JSON.parse(section.dataset.strings || "{}");
  buttons.hidden = false;
  for (const button of buttons.querySelectorAll("button")) {
    button.addEventListener("click", () => {
      const vote = button.dataset.vote;
      buttons.hidden = true;
      send(section.dataset.endpoint, { type: "vote", page: section.dataset.page, lang: section.dataset.lang, vote });
      thanks.textContent = strings.thanks || "";
      section.dataset.voted = vote;
      if (vote === "no") {
        no.hidden = false;
        no.querySelector("a")?.focus();
      }
    });
  }
}

for (const section of document.querySelectorAll("section.feedback")) init(section);
